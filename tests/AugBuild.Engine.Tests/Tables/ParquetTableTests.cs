using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Tables;

namespace AugBuild.Engine.Tests.Tables;

public sealed class ParquetTableTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("augbuild-tables-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ScoresRoundTripAndAreReadableByArrowsParquetReader()
    {
        var path = Path.Combine(_dir, "scores.parquet");
        ScoreRow[] rows =
        [
            new() { Path = "a/1.png", Label = 0, Class = "a", Loss = 0.25, Influence = 1.5 },
            new() { Path = "b/ü 2.png", Label = 1, Class = "b", Loss = 2.0, Influence = 0 },
        ];

        await ParquetTable.WriteAsync(path, rows, new Dictionary<string, string> { ["augbuild.C"] = "1" });
        var back = await ParquetTable.ReadAsync<ScoreRow>(path);

        Assert.Equal(rows.Select(r => (r.Path, r.Label, r.Class, r.Loss, r.Influence)), back.Rows.Select(r => (r.Path, r.Label, r.Class, r.Loss, r.Influence)));
        Assert.Equal("1", back.Metadata["augbuild.C"]);

        using var file = new ParquetSharp.ParquetFileReader(path);
        Assert.Equal(["path", "label", "class", "loss", "influence", "self_confidence", "suspect_label"], Enumerable.Range(0, file.FileMetaData.NumColumns).Select(i => file.FileMetaData.Schema.Column(i).Name));
        using var group = file.RowGroup(0);
        using var loss = group.Column(3).LogicalReader<double>();
        Assert.Equal([0.25, 2.0], loss.ReadAll(2));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    /// <summary>A scores file from before the label check (no self_confidence, suspect_label) still reads: unknown, not flagged.</summary>
    [Fact]
    public async Task ScoresWithoutTheLabelCheckColumnsReadAsUnknown()
    {
        var path = Path.Combine(_dir, "old.parquet");
        await ParquetTable.WriteAsync(path, new[] { new OldScoreRow { Path = "a.png", Label = 1, Class = "b", Loss = 0.5, Influence = 2 } });
        var back = Assert.Single((await ParquetTable.ReadAsync<ScoreRow>(path)).Rows);
        Assert.Equal((0.5, (double?)2.0), (back.Loss, back.Influence));
        Assert.True(double.IsNaN(back.SelfConfidence));
        Assert.False(back.SuspectLabel);
    }

    private sealed class OldScoreRow
    {
        [System.Text.Json.Serialization.JsonPropertyName("path")]
        public string Path { get; set; } = "";

        [System.Text.Json.Serialization.JsonPropertyName("label")]
        public int Label { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("class")]
        public string Class { get; set; } = "";

        [System.Text.Json.Serialization.JsonPropertyName("loss")]
        public double Loss { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("influence")]
        public double? Influence { get; set; }
    }

    [Fact]
    public async Task FeatureListsRoundTrip()
    {
        var path = Path.Combine(_dir, "features.parquet");
        FeatureRow[] rows = [new() { Path = "x.png", Label = 3, Features = [1f, -2.5f, 3f] }, new() { Path = "y.png", Label = 0, Features = [0f, 0f, 1e-7f] }];

        await ParquetTable.WriteAsync(path, rows);
        var back = await ParquetTable.ReadAsync<FeatureRow>(path);

        Assert.Equal(rows.Select(r => r.Features), back.Rows.Select(r => r.Features));
    }

    [Fact]
    public async Task AFailedWriteKeepsThePreviousFile()
    {
        var path = Path.Combine(_dir, "selection.parquet");
        await ParquetTable.WriteAsync(path, [new SelectionRow { Path = "keep.png", Rank = 0, Selected = true, Weight = 1, Score = 2 }]);

        await Assert.ThrowsAsync<InvalidOperationException>(() => AtomicFile.WriteAsync(path, async s =>
        {
            await s.WriteAsync(new byte[100]);
            throw new InvalidOperationException("disk gone");
        }));

        var back = await ParquetTable.ReadAsync<SelectionRow>(path);
        Assert.Equal("keep.png", Assert.Single(back.Rows).Path);
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task AGarbageFileIsACodedError()
    {
        var path = Path.Combine(_dir, "scores.parquet");
        await File.WriteAllTextAsync(path, "not parquet");

        var ex = await Assert.ThrowsAsync<AugBuildException>(() => ParquetTable.ReadAsync<ScoreRow>(path));

        Assert.Equal(TableErrors.InvalidTable, ex.Code);
    }
}
