using Google.Protobuf;
using Onnx;

namespace AugBuild.Testing;

/// <summary>Small ONNX models built in the test, with known weights: the serialized model's bytes.</summary>
public static class TinyOnnx
{
    /// <summary>x [1, 3, 2, 2] -> Flatten (or Reshape to [1, 12]) -> MatMul W [12, 2] -> Add b [2] -> y [1, 2].</summary>
    public static byte[] LinearOnImage(float[] w, float[] b, bool reshapeToBatchOne = false, Dictionary<string, string>? metadata = null)
    {
        var graph = new GraphProto { Name = "linear" };
        graph.Input.Add(Value("x", 1, 3, 2, 2));
        graph.Output.Add(Value("y", 1, 2));
        graph.Initializer.Add(Tensor("W", w, 12, 2));
        graph.Initializer.Add(Tensor("b", b, 2));
        if (reshapeToBatchOne)
        {
            var shape = new TensorProto { Name = "shape", DataType = (int)TensorProto.Types.DataType.Int64 };
            shape.Dims.Add(2);
            shape.Int64Data.Add([1, 12]);
            graph.Initializer.Add(shape);
            graph.Node.Add(Node("Reshape", ["x", "shape"], "flat"));
        }
        else
        {
            graph.Node.Add(Node("Flatten", ["x"], "flat", Int("axis", 1)));
        }

        graph.Node.Add(Node("MatMul", ["flat", "W"], "xw"));
        graph.Node.Add(Node("Add", ["xw", "b"], "y"));
        graph.ValueInfo.Add(Value("flat", 1, 12));
        return Serialize(graph, metadata);
    }

    /// <summary>x [1, H, W, 3] (channels last) -> ReduceMean over H, W -> y [1, 3].</summary>
    public static byte[] ChannelMeanNhwc(int side)
    {
        var graph = new GraphProto { Name = "mean" };
        graph.Input.Add(Value("x", 1, side, side, 3));
        graph.Output.Add(Value("y", 1, 3));
        graph.Node.Add(Node("ReduceMean", ["x"], "y", Ints("axes", 1, 2), Int("keepdims", 0)));
        return Serialize(graph);
    }

    /// <summary>x [N, 1, H, W] with symbolic N, H, W -> GlobalAveragePool -> y [N, 1, 1, 1].</summary>
    public static byte[] GlobalMeanSymbolic()
    {
        var graph = new GraphProto { Name = "gap" };
        graph.Input.Add(Value("x", TensorProto.Types.DataType.Float, Dim("N"), Dim(1), Dim("H"), Dim("W")));
        graph.Output.Add(Value("y", TensorProto.Types.DataType.Float, Dim("N"), Dim(1), Dim(1), Dim(1)));
        graph.Node.Add(Node("GlobalAveragePool", ["x"], "y"));
        return Serialize(graph);
    }

    /// <summary>
    /// A tiny image featurizer: input float [batch, 3, side, side] -> 3x3 convolution with <paramref name="filters"/>
    /// fixed pseudo-random kernels (stride 2) -> Relu -> GlobalAveragePool -> Flatten -> features [batch, filters].
    /// Different <paramref name="seed"/>s give different models of the same shape.
    /// </summary>
    public static byte[] ConvFeaturizer(int seed, int side = 28, int filters = 8)
    {
        var random = new Random(seed);
        var weights = Tensor("W", [.. Enumerable.Range(0, filters * 27).Select(_ => (float)(random.NextDouble() * 2 - 1))], filters, 3, 3, 3);
        var bias = Tensor("B", [.. Enumerable.Range(0, filters).Select(_ => (float)(random.NextDouble() * 0.1))], filters);

        var graph = new GraphProto { Name = "tiny-featurizer" };
        graph.Initializer.Add(weights);
        graph.Initializer.Add(bias);
        graph.Input.Add(Value("input", TensorProto.Types.DataType.Float, Dim("batch"), Dim(3), Dim(side), Dim(side)));
        graph.Output.Add(Value("features", TensorProto.Types.DataType.Float, Dim("batch"), Dim(filters)));
        graph.Node.Add(Node("Conv", ["input", "W", "B"], "conv", Ints("kernel_shape", 3, 3), Ints("strides", 2, 2)));
        graph.Node.Add(Node("Relu", ["conv"], "relu"));
        graph.Node.Add(Node("GlobalAveragePool", ["relu"], "pooled"));
        graph.Node.Add(Node("Flatten", ["pooled"], "features", Int("axis", 1)));
        return Serialize(graph);
    }

    /// <summary>y = <paramref name="op"/>(x), the output typed like the input: for models that are unsuitable on purpose.</summary>
    public static byte[] SingleOp(ValueInfoProto input, string op)
    {
        var graph = new GraphProto { Name = "single" };
        graph.Input.Add(input);
        graph.Output.Add(new ValueInfoProto { Name = "y", Type = input.Type });
        graph.Node.Add(Node(op, [input.Name], "y"));
        return Serialize(graph);
    }

    /// <summary>A float tensor value with fixed dimensions.</summary>
    public static ValueInfoProto Value(string name, params long[] dims) =>
        Value(name, TensorProto.Types.DataType.Float, [.. dims.Select(Dim)]);

    /// <summary>A tensor value of element type <paramref name="type"/> with fixed dimensions.</summary>
    public static ValueInfoProto Value(string name, TensorProto.Types.DataType type, params long[] dims) =>
        Value(name, type, [.. dims.Select(Dim)]);

    private static ValueInfoProto Value(string name, TensorProto.Types.DataType type, params TensorShapeProto.Types.Dimension[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(dims);
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }

    private static TensorShapeProto.Types.Dimension Dim(long value) => new() { DimValue = value };

    private static TensorShapeProto.Types.Dimension Dim(string name) => new() { DimParam = name };

    private static byte[] Serialize(GraphProto graph, Dictionary<string, string>? metadata = null)
    {
        var model = new ModelProto { IrVersion = 7, ProducerName = "augbuild-tests", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        foreach (var (k, v) in metadata ?? [])
            model.MetadataProps.Add(new StringStringEntryProto { Key = k, Value = v });
        return model.ToByteArray();
    }

    private static NodeProto Node(string op, string[] inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = op + "_" + output };
        node.Input.Add(inputs);
        node.Output.Add(output);
        node.Attribute.Add(attributes);
        return node;
    }

    private static AttributeProto Int(string name, long value) => new() { Name = name, I = value, Type = AttributeProto.Types.AttributeType.Int };

    private static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.Add(values);
        return attribute;
    }

    private static TensorProto Tensor(string name, float[] values, params long[] dims)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        t.Dims.Add(dims);
        t.FloatData.Add(values);
        return t;
    }
}
