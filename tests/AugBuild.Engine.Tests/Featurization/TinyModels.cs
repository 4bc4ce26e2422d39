using Google.Protobuf;
using Onnx;

namespace AugBuild.Engine.Tests.Featurization;

/// <summary>Small ONNX models built in the test, with known weights.</summary>
internal static class TinyModels
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
            graph.Node.Add(Node("Reshape", ["x", "shape"], ["flat"]));
        }
        else
        {
            var flatten = Node("Flatten", ["x"], ["flat"]);
            flatten.Attribute.Add(new AttributeProto { Name = "axis", I = 1, Type = AttributeProto.Types.AttributeType.Int });
            graph.Node.Add(flatten);
        }

        graph.Node.Add(Node("MatMul", ["flat", "W"], ["xw"]));
        graph.Node.Add(Node("Add", ["xw", "b"], ["y"]));
        graph.ValueInfo.Add(Value("flat", 1, 12));
        return Serialize(graph, metadata);
    }

    /// <summary>x [1, H, W, 3] (channels last) -> ReduceMean over H, W -> y [1, 3].</summary>
    public static byte[] ChannelMeanNhwc(int side)
    {
        var graph = new GraphProto { Name = "mean" };
        graph.Input.Add(Value("x", 1, side, side, 3));
        graph.Output.Add(Value("y", 1, 3));
        var mean = Node("ReduceMean", ["x"], ["y"]);
        mean.Attribute.Add(new AttributeProto { Name = "axes", Ints = { 1, 2 }, Type = AttributeProto.Types.AttributeType.Ints });
        mean.Attribute.Add(new AttributeProto { Name = "keepdims", I = 0, Type = AttributeProto.Types.AttributeType.Int });
        graph.Node.Add(mean);
        return Serialize(graph, null);
    }

    /// <summary>x [N, 1, H, W] with symbolic N, H, W -> GlobalAveragePool -> y [N, 1, 1, 1].</summary>
    public static byte[] GlobalMeanSymbolic()
    {
        var graph = new GraphProto { Name = "gap" };
        var x = Value("x", 0, 1, 0, 0);
        x.Type.TensorType.Shape.Dim[0] = new TensorShapeProto.Types.Dimension { DimParam = "N" };
        x.Type.TensorType.Shape.Dim[2] = new TensorShapeProto.Types.Dimension { DimParam = "H" };
        x.Type.TensorType.Shape.Dim[3] = new TensorShapeProto.Types.Dimension { DimParam = "W" };
        graph.Input.Add(x);
        var y = Value("y", 0, 1, 1, 1);
        y.Type.TensorType.Shape.Dim[0] = new TensorShapeProto.Types.Dimension { DimParam = "N" };
        graph.Output.Add(y);
        graph.Node.Add(Node("GlobalAveragePool", ["x"], ["y"]));
        return Serialize(graph, null);
    }

    private static byte[] Serialize(GraphProto graph, Dictionary<string, string>? metadata)
    {
        var model = new ModelProto { IrVersion = 7, ProducerName = "augbuild-tests", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        foreach (var (k, v) in metadata ?? [])
            model.MetadataProps.Add(new StringStringEntryProto { Key = k, Value = v });
        return model.ToByteArray();
    }

    private static NodeProto Node(string op, string[] inputs, string[] outputs)
    {
        var node = new NodeProto { OpType = op, Name = op + "_" + outputs[0] };
        node.Input.Add(inputs);
        node.Output.Add(outputs);
        return node;
    }

    private static TensorProto Tensor(string name, float[] values, params long[] dims)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        t.Dims.Add(dims);
        t.FloatData.Add(values);
        return t;
    }

    private static ValueInfoProto Value(string name, params long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
