using AugBuild.Engine.Augmentation;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Materialization;
using AugBuild.Engine.Pipeline;
using YamlDotNet.RepresentationModel;

namespace AugBuild.Engine.Tests.Reliability;

/// <summary>
/// Nothing outside what AugBuild wrote is touched: a linked dataset folder is refused, files it did not write are
/// neither deleted nor replaced, and hostile class names cannot break out of the dataset card's YAML or Markdown.
/// </summary>
public sealed class OutputOwnershipTests : IDisposable
{
    private readonly PipelineFixture _f = new(perClass: 6);

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task ADatasetFolderThatIsALinkIsRefusedAndTheLinkedFolderIsUntouched()
    {
        var victim = Path.Combine(_f.Root, "victim");
        Directory.CreateDirectory(victim);
        var precious = Path.Combine(victim, "train-00000-of-00001.parquet");
        File.WriteAllText(precious, "someone else's data");
        Directory.CreateDirectory(_f.Out);
        Directory.CreateSymbolicLink(_f.DatasetDir, victim);

        var e = await Assert.ThrowsAsync<AugBuildException>(() => RunPipeline.RunAsync(_f.Request(), new CollectingReporter()));

        Assert.Equal(MaterializeErrors.LinkedOutputFolder, e.Code);
        Assert.Equal(["train-00000-of-00001.parquet"], Directory.GetFileSystemEntries(victim).Select(Path.GetFileName));
        Assert.Equal("someone else's data", File.ReadAllText(precious));
        Assert.False(File.Exists(Path.Combine(_f.Out, ScoreStage.ScoresFileName)), "refused before any stage ran");
    }

    [Fact]
    public async Task FilesAugBuildDidNotWriteSurviveARerunAndAreNamed()
    {
        await RunPipeline.RunAsync(_f.Request("25%"), new CollectingReporter());
        var notes = Path.Combine(_f.Out, ".notes.tmp");
        var stray = Path.Combine(_f.DatasetDir, "train-00003-of-00007.parquet");
        var mine = Path.Combine(_f.DatasetDir, ".augbuild-tmp-mine");
        File.WriteAllText(notes, "notes");
        File.WriteAllText(stray, "stray");
        Directory.CreateDirectory(mine);
        File.WriteAllText(Path.Combine(mine, "keep.txt"), "mine");
        var reporter = new CollectingReporter();

        await RunPipeline.RunAsync(_f.Request("50%", "flip-h"), reporter);

        Assert.Equal("notes", File.ReadAllText(notes));
        Assert.Equal("stray", File.ReadAllText(stray));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(mine, "keep.txt")));
        var leftAlone = Assert.Single(reporter.Infos, i => i.Contains("left alone", StringComparison.Ordinal));
        Assert.Contains("train-00003-of-00007.parquet", leftAlone);
        Assert.Contains(".augbuild-tmp-mine", leftAlone);
        Assert.Contains(reporter.Infos, i => i.StartsWith("materialize: ", StringComparison.Ordinal) && i.Contains(" rows (", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(_f.DatasetDir, "train-00000-of-00001.parquet")));
    }

    [Fact]
    public async Task AFileAugBuildDidNotWriteIsNeverReplaced()
    {
        Directory.CreateDirectory(_f.DatasetDir);
        var theirs = Path.Combine(_f.DatasetDir, "train-00000-of-00001.parquet");
        File.WriteAllText(theirs, "theirs");

        var e = await Assert.ThrowsAsync<AugBuildException>(() => RunPipeline.RunAsync(_f.Request(), new CollectingReporter()));

        Assert.Equal(MaterializeErrors.ForeignFileInTheWay, e.Code);
        Assert.Equal("theirs", File.ReadAllText(theirs));
        Assert.False(File.Exists(Path.Combine(_f.DatasetDir, DatasetFolder.CardName)));
    }

    private static readonly string[] HostileNames =
    [
        "a\n---\nx: 1",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "quote\"and'apostrophe",
        "back\\slash\\n",
        "pipe|name",
        "tab\tname\r\nnext",
        "# heading *bold* [link](http://x)",
        "emoji \U0001F600 and \u2028 separator",
        "key: value",
        "- item",
        "'",
        "",
    ];

    [Fact]
    public void HostileClassNamesReadBackExactlyFromTheYamlFrontMatterAndStayInsideTheirTableCell()
    {
        var names = HostileNames.ToList();
        var counts = new ClassCounts(names.Count);
        var card = DatasetCard.Build(names, counts, TransformSet.Parse("translate"), OutputImageFormat.Png, 1,
            new DatasetCardInfo { Featurizer = "<b>pixels</b>|x\n---" }, new LabelCheck(0, 0));

        Assert.StartsWith("---\n", card, StringComparison.Ordinal);
        var end = card.IndexOf("\n---\n", 4, StringComparison.Ordinal);
        var yaml = new YamlStream();
        yaml.Load(new StringReader(card[4..end]));
        var root = (YamlMappingNode)yaml.Documents.Single().RootNode;
        var features = (YamlSequenceNode)((YamlMappingNode)root["dataset_info"])["features"];
        var label = (YamlMappingNode)features.Children.Cast<YamlMappingNode>().Single(f => ((YamlScalarNode)f["name"]).Value == "label");
        var read = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)label["dtype"])["class_label"])["names"];
        Assert.Equal(names.Count, read.Children.Count);
        for (var i = 0; i < names.Count; i++)
            Assert.Equal(names[i], ((YamlScalarNode)read[i.ToString(System.Globalization.CultureInfo.InvariantCulture)]).Value);

        var body = card[(end + 5)..];
        Assert.DoesNotContain("<script", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\n---", body, StringComparison.Ordinal);
        var perClass = body[body.IndexOf("## Per class", StringComparison.Ordinal)..body.IndexOf("## How it was made", StringComparison.Ordinal)];
        var rows = perClass.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal) && char.IsDigit(l[2])).ToList();
        Assert.Equal(names.Count, rows.Count);
        Assert.All(rows, r => Assert.Equal(7, CellSeparators(r)));
        var settings = body[body.IndexOf("## How it was made", StringComparison.Ordinal)..];
        Assert.All(settings.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal)), r => Assert.Equal(3, CellSeparators(r)));
    }

    /// <summary>Table cell separators: pipes not escaped with a backslash.</summary>
    private static int CellSeparators(string row) => row.Where((c, i) => c == '|' && (i == 0 || row[i - 1] != '\\')).Count();
}
