using System.Diagnostics;
using System.Globalization;
using AugBuild.Engine.Augmentation;
using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Materialization;

/// <summary>The inputs of one materialize run.</summary>
/// <param name="Items">Every original in dataset order; the row order of the output follows it.</param>
/// <param name="ClassNames">Class names by label index (the ClassLabel names).</param>
public sealed record MaterializeRequest(
    IReadOnlyList<MaterializeItem> Items,
    IReadOnlyList<string> ClassNames,
    TransformSet Transforms,
    MaterializeOptions Options,
    DatasetCardInfo Card);

/// <summary>
/// Writes the augmented training set as Parquet shards plus a dataset card under <c>&lt;out&gt;/dataset/</c>.
/// Rows: each original, followed by its copies if selected. Images are decoded, transformed and encoded in
/// parallel, written in input order through one row-group buffer, so memory stays bounded and the files are
/// byte-identical for any degree of parallelism. Shards are renamed into place only when all are complete.
/// </summary>
public sealed class Materializer(IReporter? reporter = null)
{
    public const string Stage = "materialize";

    private readonly IReporter _reporter = reporter ?? NullReporter.Instance;

    public Task<MaterializeSummary> RunAsync(MaterializeRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Options.MaxDegreeOfParallelism, 1);
        Validate(request);
        return WriteAsync(request, Render(request, Enumerable.Range(0, request.Items.Count), ct), request.Items.Count, LabelCheck.Of(request.Items), ct);
    }

    /// <summary>
    /// The rendered rows of the items at <paramref name="positions"/> (ascending), in that order: decoded, transformed
    /// and encoded in parallel. The rows of an item depend only on the item, so a sharded run renders the same bytes.
    /// </summary>
    internal static IAsyncEnumerable<RenderedEntry> Render(MaterializeRequest request, IEnumerable<int> positions, CancellationToken ct)
    {
        var renderer = new EntryRenderer(request.Transforms, request.Options.Format, request.Options.Decoder);
        return OrderedParallel.MapAsync(positions, i => renderer.Render(request.Items[i]), request.Options.MaxDegreeOfParallelism, ct);
    }

    /// <summary>
    /// Writes <paramref name="entries"/> (every original in dataset order, rendered here or by the shards of a
    /// sharded run) as the dataset: the shard boundaries, row groups and card depend only on the entries, so the
    /// files are the same bytes whoever rendered them. <paramref name="request"/>'s items are not read.
    /// </summary>
    internal async Task<MaterializeSummary> WriteAsync(
        MaterializeRequest request, IAsyncEnumerable<RenderedEntry> entries, int total, LabelCheck labelCheck, CancellationToken ct)
    {
        var options = request.Options;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RowGroupMaxRows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ShardSizeBytes, 1);
        var clock = Stopwatch.StartNew();

        var outDir = Path.GetFullPath(options.OutputDirectory);
        var datasetDir = Path.Combine(outDir, "dataset");
        string tempDir;
        DatasetFolder.RefuseLinked(outDir);
        var folderLock = DatasetFolder.Lock(outDir);
        try
        {
            DatasetFolder.RefuseLinked(outDir);
            Directory.CreateDirectory(datasetDir);
            DatasetFolder.RemoveStaleTemporaries(datasetDir);
            tempDir = Path.Combine(datasetDir, DatasetFolder.TempPrefix + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(tempDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or AugBuildException)
        {
            await folderLock.DisposeAsync().ConfigureAwait(false);
            if (e is AugBuildException)
                throw;
            throw new AugBuildException(MaterializeErrors.OutputNotWritable,
                $"Cannot write the dataset folder '{datasetDir}': {e.Message.TrimEnd('.')}. Choose a writable output folder.", datasetDir, e);
        }

        await using var heldLock = folderLock.ConfigureAwait(false);
        try
        {
            var run = new ShardedRun(request, tempDir, _reporter);
            await run.WriteAsync(entries, total, ct).ConfigureAwait(false);
            var cardPath = Path.Combine(tempDir, DatasetFolder.CardName);
            await File.WriteAllTextAsync(cardPath,
                DatasetCard.Build(request.ClassNames, run.Counts, request.Transforms, options.Format, run.TempShards.Count, request.Card,
                    labelCheck), ct)
                .ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            var files = DatasetFolder.Commit(outDir, run.TempShards, cardPath, _reporter);
            long bytes = files.Sum(f => new FileInfo(f).Length);
            var summary = new MaterializeSummary(run.Originals + run.Copies, run.Originals, run.Copies, files.Count, bytes,
                clock.Elapsed, run.SkippedImages, run.SkippedRows, files);
            _reporter.Info(string.Create(CultureInfo.InvariantCulture,
                $"materialize: {summary.Rows} rows ({summary.Originals} originals, {summary.Copies} copies) in {summary.Shards} shard(s), {bytes / 1e6:F1} MB, {summary.Elapsed.TotalSeconds:F1} s"));
            return summary;
        }
        catch (Exception e) when (IoFailure.IsDiskFull(e))
        {
            throw new AugBuildException(MaterializeErrors.DiskFull,
                $"The disk is full writing the dataset in '{datasetDir}' ({e.Message}); the previous dataset is intact. Free space and rerun.", datasetDir, e);
        }
        finally
        {
            DatasetFolder.TryDeleteDirectory(tempDir);
        }
    }

    private static void Validate(MaterializeRequest request)
    {
        foreach (var item in request.Items)
        {
            if (item.Entry.Label < 0 || item.Entry.Label >= request.ClassNames.Count)
            {
                throw new AugBuildException(MaterializeErrors.InvalidItem,
                    $"'{item.Entry.Path}' has label {item.Entry.Label}, outside the {request.ClassNames.Count} classes.", item.Entry.Path);
            }

            if (!double.IsFinite(item.Weight) || item.Weight < 0 || !double.IsFinite(item.Score))
            {
                throw new AugBuildException(MaterializeErrors.InvalidItem,
                    $"'{item.Entry.Path}' has weight {item.Weight} and score {item.Score}; both must be finite and the weight >= 0.", item.Entry.Path);
            }
        }
    }

    /// <summary>The state of one run: the open shard, its row-group buffer and the counts.</summary>
    private sealed class ShardedRun(MaterializeRequest request, string tempDir, IReporter reporter)
    {
        private readonly MaterializeOptions _options = request.Options;
        private readonly RowGroupBuffer _buffer = new();
        private readonly string _huggingFaceJson = DatasetSchema.HuggingFaceJson(request.ClassNames);
        private ShardWriter? _shard;
        private bool _warnedOversizedRow;
        private readonly List<(string Reason, string File)> _skipped = [];
        private readonly List<(string Reason, string File)> _copiesSkipped = [];

        public List<string> TempShards { get; } = [];

        public ClassCounts Counts { get; } = new(request.ClassNames.Count);

        public long Originals { get; private set; }

        public long Copies { get; private set; }

        public int SkippedImages { get; private set; }

        public long SkippedRows { get; private set; }

        public async Task WriteAsync(IAsyncEnumerable<RenderedEntry> entries, int total, CancellationToken ct)
        {
            int done = 0;
            try
            {
                await foreach (var entry in entries.WithCancellation(ct).ConfigureAwait(false))
                {
                    if (entry.CopiesSkipped is not null)
                        _copiesSkipped.Add((entry.CopiesSkipped, entry.Item.Entry.FullPath));
                    if (entry.Rows is null)
                        Skip(entry);
                    else
                        foreach (var row in entry.Rows) await AddAsync(row, ct).ConfigureAwait(false);
                    if (entry.Rows is not null) Counts.Add(entry);
                    reporter.Progress(Stage, ++done, total);
                }

                _shard ??= await OpenShardAsync(ct).ConfigureAwait(false);
                await FlushAsync(ct).ConfigureAwait(false);
                await CloseShardAsync().ConfigureAwait(false);
                ReportSkipped();
            }
            catch
            {
                if (_shard is not null) await _shard.AbandonAsync().ConfigureAwait(false);
                _shard = null;
                throw;
            }
        }

        private void Skip(RenderedEntry entry)
        {
            SkippedImages++;
            long rows = 1 + (entry.Item.Selected ? request.Transforms.CopiesPerImage : 0);
            SkippedRows += rows;
            _skipped.Add(($"'{entry.Item.Entry.Path}' {entry.SkipReason}", entry.Item.Entry.FullPath));
        }

        /// <summary>One warning for all skipped images, so a folder of bad files is one line, not hundreds.</summary>
        private void ReportSkipped()
        {
            if (_copiesSkipped.Count > 0)
            {
                var tiny = string.Join("; ", _copiesSkipped.Take(10).Select(s => s.Reason));
                var others = _copiesSkipped.Count > 10 ? $" and {_copiesSkipped.Count - 10} more" : "";
                reporter.Warning(MaterializeErrors.CopiesSkipped,
                    $"{_copiesSkipped.Count} selected image(s) are too small for the transforms and got no copies (their originals are kept): {tiny}{others}.",
                    _copiesSkipped[0].File);
            }

            if (_skipped.Count == 0) return;
            var list = string.Join("; ", _skipped.Take(10).Select(s => s.Reason));
            var more = _skipped.Count > 10 ? $" and {_skipped.Count - 10} more" : "";
            reporter.Warning(MaterializeErrors.UndecodableImage,
                $"Skipped {_skipped.Count} image(s) ({SkippedRows} row(s) not written): {list}{more}. Replace or remove the files.",
                _skipped[0].File);
        }

        private async Task AddAsync(DatasetRow row, CancellationToken ct)
        {
            _shard ??= await OpenShardAsync(ct).ConfigureAwait(false);
            bool shardHasRows = _shard.Rows + _buffer.Count > 0;
            if (shardHasRows && ProjectedSize(row) > _options.ShardSizeBytes)
            {
                await FlushAsync(ct).ConfigureAwait(false);
                await CloseShardAsync().ConfigureAwait(false);
                _shard = await OpenShardAsync(ct).ConfigureAwait(false);
            }
            else if (!shardHasRows && ProjectedSize(row) > _options.ShardSizeBytes && !_warnedOversizedRow)
            {
                _warnedOversizedRow = true;
                reporter.Warning(MaterializeErrors.RowLargerThanShard,
                    $"The row of '{row.ImagePath}' alone is larger than the shard size ({_options.ShardSizeBytes} bytes); its shard exceeds it. Raise --shard-size (AugShardSize).",
                    AugBuild.Settings.SettingCatalog.ShardSize.Option);
            }

            _buffer.Add(row);
            if (row.Augmented) Copies++;
            else Originals++;
            if (_buffer.Count >= _options.RowGroupMaxRows || _buffer.RawBytes >= _options.RowGroupMaxBytes)
                await FlushAsync(ct).ConfigureAwait(false);
        }

        /// <summary>The shard's size if this row joined it: data so far, buffered data (+1% for compression framing), footer.</summary>
        private long ProjectedSize(DatasetRow row)
        {
            long pending = _buffer.RawBytes + row.RawSize;
            return _shard!.BytesWritten + pending + pending / 100 + 1024 + _shard.FooterEstimate(1);
        }

        private async Task FlushAsync(CancellationToken ct)
        {
            if (_buffer.Count == 0) return;
            await _shard!.WriteRowGroupAsync(_buffer.Rows, ct).ConfigureAwait(false);
            _buffer.Clear();
        }

        private async Task<ShardWriter> OpenShardAsync(CancellationToken ct)
        {
            var path = Path.Combine(tempDir, string.Create(CultureInfo.InvariantCulture, $"shard-{TempShards.Count:D5}.parquet"));
            var shard = await ShardWriter.CreateAsync(path, _huggingFaceJson, ct, _options.CreateShardStream).ConfigureAwait(false);
            TempShards.Add(path);
            return shard;
        }

        private async Task CloseShardAsync()
        {
            if (_shard is null) return;
            var shard = _shard;
            _shard = null;
            await shard.DisposeAsync().ConfigureAwait(false);
        }
    }
}
