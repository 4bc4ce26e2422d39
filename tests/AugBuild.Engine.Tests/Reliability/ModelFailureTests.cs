using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Featurization;
using AugBuild.Engine.Pipeline;
using Onnx;

namespace AugBuild.Engine.Tests.Reliability;

/// <summary>A missing, corrupt or unsuitable ONNX model is a coded error naming the model and what was expected.</summary>
public sealed class ModelFailureTests : IDisposable
{
    private readonly PipelineFixture _f = new(perClass: 5);

    public void Dispose() => _f.Dispose();

    public static TheoryData<string, string, string> Models => new()
    {
        { "missing", FeaturizationErrors.ModelNotFound, "does not exist" },
        { "garbage", FeaturizationErrors.InvalidModel, "not an ONNX model" },
        { "empty", FeaturizationErrors.InvalidModel, "no graph inputs" },
        { "rank2", FeaturizationErrors.ModelOptionMismatch, "[N, C, H, W]" },
        { "int64", FeaturizationErrors.ModelOptionMismatch, "float" },
        { "channels7", FeaturizationErrors.ModelOptionMismatch, "1 (gray) or 3 (RGB)" },
        { "brokenGraph", FeaturizationErrors.InvalidModel, "" },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public async Task AnUnsuitableModelIsACodedErrorNamingIt(string kind, string code, string expected)
    {
        var path = Path.Combine(_f.Root, $"{kind} model.onnx");
        var bytes = kind switch
        {
            "missing" => null,
            "garbage" => [.. Enumerable.Range(0, 64).Select(i => (byte)(i * 37 + 11))],
            "empty" => [],
            "rank2" => TinyOnnx.SingleOp(TinyOnnx.Value("x", TensorProto.Types.DataType.Float, 1, 12), "Identity"),
            "int64" => TinyOnnx.SingleOp(TinyOnnx.Value("x", TensorProto.Types.DataType.Int64, 1, 3, 8, 8), "Identity"),
            "channels7" => TinyOnnx.SingleOp(TinyOnnx.Value("x", TensorProto.Types.DataType.Float, 1, 7, 8, 8), "Identity"),
            _ => TinyOnnx.SingleOp(TinyOnnx.Value("x", TensorProto.Types.DataType.Float, 1, 3, 8, 8), "NoSuchOperator"),
        };
        if (bytes is not null) File.WriteAllBytes(path, bytes);

        var e = await Assert.ThrowsAsync<AugBuildException>(() => RunPipeline.RunAsync(_f.Request() with { Featurization = _f.Request().Featurization with { Featurizer = path } }, new CollectingReporter()));

        Assert.Equal(code, e.Code);
        Assert.Contains($"{kind} model.onnx", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.False(File.Exists(Path.Combine(_f.Out, ScoreStage.ScoresFileName)));
    }
}
