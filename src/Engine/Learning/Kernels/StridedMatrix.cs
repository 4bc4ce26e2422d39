namespace AugBuild.Engine.Learning.Kernels;

/// <summary>
/// A read view of a dense matrix: element (i, j) is at Data[i * RowStride + j * ColumnStride], so a transpose
/// is the same memory with the strides swapped.
/// </summary>
internal readonly unsafe struct StridedMatrix(double* data, nint rowStride, nint columnStride)
{
    public double* Data { get; } = data;

    public nint RowStride { get; } = rowStride;

    public nint ColumnStride { get; } = columnStride;

    public static StridedMatrix RowMajor(double* data, nint leadingDimension) => new(data, leadingDimension, 1);

    public StridedMatrix Transposed => new(Data, ColumnStride, RowStride);

    public double this[nint i, nint j] => Data[i * RowStride + j * ColumnStride];

    /// <summary>The view starting at element (i, j).</summary>
    public StridedMatrix At(nint i, nint j) => new(Data + i * RowStride + j * ColumnStride, RowStride, ColumnStride);
}
