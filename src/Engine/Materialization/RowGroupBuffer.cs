namespace AugBuild.Engine.Materialization;

/// <summary>The rows of the row group being filled; the only rows a shard writer holds.</summary>
internal sealed class RowGroupBuffer
{
    private readonly List<DatasetRow> _rows = [];

    public int Count => _rows.Count;

    public long RawBytes { get; private set; }

    public IReadOnlyList<DatasetRow> Rows => _rows;

    public void Add(DatasetRow row)
    {
        _rows.Add(row);
        RawBytes += row.RawSize;
    }

    public void Clear()
    {
        _rows.Clear();
        RawBytes = 0;
    }
}
