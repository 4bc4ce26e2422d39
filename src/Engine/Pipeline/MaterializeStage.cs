using AugBuild.Engine.Data;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Imaging;
using AugBuild.Engine.Materialization;
using AugBuild.Engine.Tables;

namespace AugBuild.Engine.Pipeline;

/// <summary>Writes originals plus the selected images' copies as the Parquet training set and its dataset card.</summary>
public static class MaterializeStage
{
    public static async Task<MaterializeSummary> RunAsync(MaterializeJob job, IReporter reporter, CancellationToken cancellationToken = default)
    {
        PathSettings.RequireImages(job.Images);
        PathSettings.RequirePath(job.SelectionFile, "--selection");
        // A shard's part may go to s3:// (PartStore.For); the dataset itself is written to a folder only.
        if (job.Shard is not null && Storage.StorageLocation.IsS3Text(job.OutputDir))
            PathSettings.RequireStore(job.OutputDir, "--out");
        else
            PathSettings.RequireOutputFolder(job.OutputDir);
        var selection = await ParquetTable.ReadAsync<SelectionRow>(job.SelectionFile, cancellationToken).ConfigureAwait(false);
        var dataset = DatasetLoader.Load(job.Images, reporter);
        var byPath = dataset.Images.ToDictionary(e => e.Path, StringComparer.Ordinal);
        var classNames = ScoredClasses(selection.Metadata, dataset);
        var labelOf = classNames.Select((n, i) => (n, i)).ToDictionary(t => t.n, t => t.i, StringComparer.Ordinal);

        var items = new List<MaterializeItem>(selection.Rows.Count);
        foreach (var row in selection.Rows)
        {
            if (!byPath.TryGetValue(row.Path, out var entry))
            {
                throw new AugBuildException(
                    PipelineErrors.SelectionDoesNotMatchImages,
                    $"'{job.SelectionFile}' lists '{row.Path}', which is not in '{job.Images}'. Rerun score and select on these images.",
                    job.SelectionFile);
            }

            if (!labelOf.TryGetValue(entry.ClassName, out var label))
            {
                throw new AugBuildException(
                    PipelineErrors.SelectionDoesNotMatchImages,
                    $"'{job.SelectionFile}' lists '{row.Path}' of class '{entry.ClassName}', a class the scores were not fitted on. Rerun score and select on these images.",
                    job.SelectionFile);
            }

            items.Add(new MaterializeItem(entry with { Label = label }, row.Selected, row.Weight, double.IsFinite(row.Score) ? row.Score : 0, row.SelfConfidence, row.SuspectLabel));
        }

        var missing = dataset.Count - items.Count;
        if (missing > 0 && job.WarnImagesNotInSelection)
        {
            reporter.Warning(
                PipelineErrors.SelectionDoesNotMatchImages,
                $"{missing} image(s) in '{job.Images}' are not in '{job.SelectionFile}' and are left out of the dataset. Rerun score and select to include them.",
                job.SelectionFile);
        }

        var meta = selection.Metadata;
        var card = new DatasetCardInfo
        {
            Budget = meta.GetValueOrDefault(SelectionMetadata.Budget) ?? "n/a",
            Policy = meta.GetValueOrDefault(SelectionMetadata.Policy) ?? "n/a",
            Score = meta.GetValueOrDefault(SelectionMetadata.Score) ?? "n/a",
            Featurizer = meta.GetValueOrDefault(ScoreMetadata.Featurizer) ?? "n/a",
            Seed = meta.GetValueOrDefault(SelectionMetadata.Seed) ?? "n/a",
            ToolVersion = ToolVersion.Current,
        };
        var options = new MaterializeOptions
        {
            OutputDirectory = job.OutputDir,
            Format = job.Output.Format,
            ShardSizeBytes = job.Output.ShardSizeBytes,
            MaxDegreeOfParallelism = job.MaxDegreeOfParallelism,

            // The featurizer's decoder, so copies are made from the same pixels (EXIF orientation applied) that were scored.
            Decoder = (bytes, path) => ImageDecoder.Decode(bytes, path),
        };
        var request = new Materialization.MaterializeRequest(items, classNames, job.Output.Transforms, options, card);
        if (job.Shard is { } shard)
            return await ScaleOut.MaterializePart.WriteAsync(request, shard, job.OutputDir, reporter, cancellationToken).ConfigureAwait(false);
        var summary = await new Materializer(reporter).RunAsync(request, cancellationToken).ConfigureAwait(false);
        reporter.Info($"wrote {summary.Rows} rows to {Path.GetFullPath(Path.Combine(job.OutputDir, "dataset"))}");
        return summary with { Description = Describe(summary, items.Count(i => i.Selected), card) };
    }

    /// <summary>The dataset in one line, no path: <see cref="MaterializeSummary.Description"/>.</summary>
    internal static string Describe(MaterializeSummary summary, int selected, DatasetCardInfo card)
    {
        var skipped = summary.SkippedRows > 0 ? $", {summary.SkippedRows} copies skipped" : "";
        var text = $"{summary.Rows} rows: {summary.Originals} originals and {summary.Copies} copies of the {selected} images selected by {card.Policy} on {card.Score}{skipped}";
        // The terminal logger makes a link of the line's directory part: a separator here would move it.
        return text.Replace('/', ' ').Replace('\\', ' ');
    }

    /// <summary>
    /// The classes the probe was fitted on (recorded by score, carried by select): a class whose every image was
    /// unreadable was dropped there, so the dataset's labels match the scores'. Older tables: the dataset's classes.
    /// </summary>
    private static IReadOnlyList<string> ScoredClasses(IReadOnlyDictionary<string, string> metadata, ImageDataset dataset)
    {
        if (metadata.GetValueOrDefault(ScoreMetadata.Classes) is not { } json)
            return dataset.ClassNames;
        try
        {
            var names = System.Text.Json.JsonSerializer.Deserialize<List<string>>(json);
            return names is { Count: > 0 } && names.All(dataset.ClassNames.Contains) ? names : dataset.ClassNames;
        }
        catch (System.Text.Json.JsonException)
        {
            return dataset.ClassNames;
        }
    }
}
