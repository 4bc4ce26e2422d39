using Google.Protobuf;
using Onnx;

namespace AugBuild.Package.Tests.Infrastructure;

/// <summary>
/// Writes a tiny image featurizer as an .onnx file: input float [batch, 3, side, side] -> 3x3 convolution with
/// <c>filters</c> fixed pseudo-random kernels (stride 2) -> Relu -> GlobalAveragePool -> Flatten -> [batch, filters].
/// Different <paramref name="seed"/>s give different models of the same shape.
/// </summary>
internal static class TinyOnnxModel
{
    public static void Write(string path, int seed, int side = 28, int filters = 8)
    {
        var random = new Random(seed);
        var weights = new TensorProto { Name = "W", DataType = (int)TensorProto.Types.DataType.Float };
        weights.Dims.AddRange([filters, 3, 3, 3]);
        weights.FloatData.AddRange(Enumerable.Range(0, filters * 27).Select(_ => (float)(random.NextDouble() * 2 - 1)));
        var bias = new TensorProto { Name = "B", DataType = (int)TensorProto.Types.DataType.Float };
        bias.Dims.Add(filters);
        bias.FloatData.AddRange(Enumerable.Range(0, filters).Select(_ => (float)(random.NextDouble() * 0.1)));

        var graph = new GraphProto { Name = "tiny-featurizer" };
        graph.Initializer.Add(weights);
        graph.Initializer.Add(bias);
        graph.Input.Add(Tensor("input", Dim("batch"), Dim(3), Dim(side), Dim(side)));
        graph.Output.Add(Tensor("features", Dim("batch"), Dim(filters)));

        var conv = Node("Conv", ["input", "W", "B"], "conv");
        conv.Attribute.Add(Ints("kernel_shape", 3, 3));
        conv.Attribute.Add(Ints("strides", 2, 2));
        graph.Node.Add(conv);
        graph.Node.Add(Node("Relu", ["conv"], "relu"));
        graph.Node.Add(Node("GlobalAveragePool", ["relu"], "pooled"));
        var flatten = Node("Flatten", ["pooled"], "features");
        flatten.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
        graph.Node.Add(flatten);

        var model = new ModelProto { IrVersion = 8, ProducerName = "AugBuild.Package.Tests", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        File.WriteAllBytes(path, model.ToByteArray());
    }

    private static NodeProto Node(string op, string[] inputs, string output)
    {
        var node = new NodeProto { OpType = op, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        return node;
    }

    private static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    private static TensorShapeProto.Types.Dimension Dim(long value) => new() { DimValue = value };

    private static TensorShapeProto.Types.Dimension Dim(string name) => new() { DimParam = name };

    private static ValueInfoProto Tensor(string name, params TensorShapeProto.Types.Dimension[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.AddRange(dims);
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
