using System.Text.RegularExpressions;
using AugBuild.Engine.Settings;
using YamlDotNet.RepresentationModel;

namespace AugBuild.Engine.Tests.ScaleOut;

/// <summary>
/// docs/scale-out.md's Kubernetes manifest, parsed with a real YAML parser (no cluster here): Indexed Jobs whose
/// index variable and command are the ones the grammar reads, chained through one cache and one output folder.
/// (Its Slurm scripts are run for real by the Cli tests' SlurmJobArrayTests.)
/// </summary>
public sealed partial class ScaleOutDocsTests
{
    private static readonly string Doc = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "scale-out.md"));

    private static List<YamlMappingNode> YamlBlock(string containing)
    {
        var block = YamlFence().Matches(Doc).Select(m => m.Groups[1].Value).Single(b => b.Contains(containing, StringComparison.Ordinal));
        var stream = new YamlStream();
        stream.Load(new StringReader(block));
        return [.. stream.Documents.Select(d => (YamlMappingNode)d.RootNode)];
    }

    private static YamlNode At(YamlNode node, params object[] path)
    {
        foreach (var step in path)
        {
            node = step switch
            {
                string key => ((YamlMappingNode)node).Children[new YamlScalarNode(key)],
                int index => ((YamlSequenceNode)node)[index],
                _ => throw new ArgumentException(step.ToString()),
            };
        }

        return node;
    }

    private static string Text(YamlNode node, params object[] path) => ((YamlScalarNode)At(node, path)).Value!;

    private static bool Has(YamlNode node, string key) => ((YamlMappingNode)node).Children.ContainsKey(new YamlScalarNode(key));

    private static List<string> Command(YamlMappingNode job) =>
        [.. ((YamlSequenceNode)At(job, "spec", "template", "spec", "containers", 0, "command")).Select(n => ((YamlScalarNode)n).Value!)];

    private static string After(IReadOnlyList<string> command, string option) => command[command.ToList().IndexOf(option) + 1];

    [Fact]
    public void TheKubernetesManifestIsFourJobsWithIndexedMapsWhoseIndexTheShardSettingReads()
    {
        var jobs = YamlBlock("completionMode: Indexed");

        Assert.Equal(["augbuild-featurize", "augbuild-score-select", "augbuild-materialize", "augbuild-gather"], jobs.Select(j => Text(j, "metadata", "name")));
        Assert.All(jobs, j => Assert.Equal(("batch/v1", "Job", "Never"), (Text(j, "apiVersion"), Text(j, "kind"), Text(j, "spec", "template", "spec", "restartPolicy"))));
        var (featurize, score, materialize, gather) = (jobs[0], jobs[1], jobs[2], jobs[3]);

        foreach (var (job, verb) in new[] { (featurize, "featurize"), (materialize, "materialize") })
        {
            Assert.Equal("Indexed", Text(job, "spec", "completionMode"));
            var completions = int.Parse(Text(job, "spec", "completions"), System.Globalization.CultureInfo.InvariantCulture);
            var command = Command(job);
            Assert.Equal(["augbuild", verb], command.Take(2));
            var shard = After(command, "--shard");
            Assert.Equal($"auto/{completions}", shard);

            // The index variable: the one Kubernetes sets, from the pod's completion-index annotation.
            var env = (YamlSequenceNode)At(job, "spec", "template", "spec", "containers", 0, "env");
            var index = Assert.Single(env, e => Text(e, "name") == "JOB_COMPLETION_INDEX");
            Assert.Equal("metadata.annotations['batch.kubernetes.io/job-completion-index']", Text(index, "valueFrom", "fieldRef", "fieldPath"));

            // Every pod of the Job is a different shard of the same count, through the setting's own grammar.
            var shards = Enumerable.Range(0, completions)
                .Select(k => ScaleOutSettings.Parse(shard, n => n == "JOB_COMPLETION_INDEX" ? k.ToString(System.Globalization.CultureInfo.InvariantCulture) : null))
                .ToList();
            Assert.Equal(Enumerable.Range(0, completions), shards.Select(s => s.Index));
            Assert.All(shards, s => Assert.Equal(completions, s.Count));
        }

        Assert.False(Has(At(score, "spec"), "completionMode"));
        Assert.False(Has(At(gather, "spec"), "completionMode"));

        // One cache, one output folder, one volume, across the four stages.
        var f = Command(featurize);
        var m = Command(materialize);
        var s = string.Join(' ', Command(score));
        var images = After(f, "--images");
        var outDir = After(m, "--out");
        Assert.Contains($"augbuild score --images {images} --cache {After(f, "--cache")} --out {outDir}", s, StringComparison.Ordinal);
        Assert.Contains($"augbuild select --scores {outDir}/scores.parquet --out {outDir}", s, StringComparison.Ordinal);
        Assert.Equal(images, After(m, "--images"));
        Assert.Equal($"{outDir}/selection.parquet", After(m, "--selection"));
        Assert.Equal(["augbuild", "gather", "--out", outDir], Command(gather));
        Assert.All(jobs, j => Assert.Equal("augbuild-shared", Text(j, "spec", "template", "spec", "volumes", 0, "persistentVolumeClaim", "claimName")));
    }

    [Fact]
    public void TheGitHubActionsMatrixHasOneJobPerShardOfTheCountItGives()
    {
        var workflow = Assert.Single(YamlBlock("matrix:"));
        var jobs = (YamlMappingNode)At(workflow, "jobs");
        foreach (var name in new[] { "featurize", "materialize" })
        {
            var shards = ((YamlSequenceNode)At(jobs, name, "strategy", "matrix", "shard")).Select(n => ((YamlScalarNode)n).Value).ToList();
            var run = ((YamlSequenceNode)At(jobs, name, "steps")).Select(st => Has(st, "run") ? Text(st, "run") : "").Single(r => r.Contains("--shard", StringComparison.Ordinal));
            Assert.Contains($"augbuild {name} ", run, StringComparison.Ordinal);
            Assert.Contains($"--shard ${{{{ matrix.shard }}}}/{shards.Count}", run, StringComparison.Ordinal);
            Assert.Equal(Enumerable.Range(0, shards.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), shards);
        }

        Assert.Equal("featurize", Text(jobs, "score", "needs"));
        Assert.Equal("materialize", Text(jobs, "gather", "needs"));
    }

    [GeneratedRegex(@"```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlFence();
}
