namespace AugBuild.Engine.Tests.Learning;

/// <summary>Textbook dense linear algebra for reference results: no blocking, no SIMD, nothing shared with the engine.</summary>
internal static class Dense
{
    public static double[,] Multiply(double[,] a, double[,] b)
    {
        int m = a.GetLength(0), k = a.GetLength(1), n = b.GetLength(1);
        var c = new double[m, n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int t = 0; t < k; t++) s += a[i, t] * b[t, j];
                c[i, j] = s;
            }
        }

        return c;
    }

    public static double[,] Transpose(double[,] a)
    {
        var t = new double[a.GetLength(1), a.GetLength(0)];
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++) t[j, i] = a[i, j];
        return t;
    }

    /// <summary>Gauss-Jordan elimination with partial pivoting.</summary>
    public static double[,] Inverse(double[,] a)
    {
        int n = a.GetLength(0);
        var m = new double[n, 2 * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++) m[i, j] = a[i, j];
            m[i, n + i] = 1;
        }

        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < n; r++)
                if (Math.Abs(m[r, col]) > Math.Abs(m[pivot, col])) pivot = r;
            for (int j = 0; j < 2 * n; j++) (m[col, j], m[pivot, j]) = (m[pivot, j], m[col, j]);
            double diag = m[col, col];
            for (int j = 0; j < 2 * n; j++) m[col, j] /= diag;
            for (int r = 0; r < n; r++)
            {
                if (r == col) continue;
                double f = m[r, col];
                if (f == 0) continue;
                for (int j = 0; j < 2 * n; j++) m[r, j] -= f * m[col, j];
            }
        }

        var inv = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) inv[i, j] = m[i, n + j];
        return inv;
    }

    /// <summary>Cholesky-Banachiewicz, one element at a time.</summary>
    public static double[,] Cholesky(double[,] a)
    {
        int n = a.GetLength(0);
        var l = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double s = a[i, j];
                for (int k = 0; k < j; k++) s -= l[i, k] * l[j, k];
                l[i, j] = i == j ? Math.Sqrt(s) : s / l[j, j];
            }
        }

        return l;
    }

    public static double[,] FromRowMajor(double[] data, int rows, int cols)
    {
        var m = new double[rows, cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) m[i, j] = data[i * cols + j];
        return m;
    }

    public static double[] ToRowMajor(double[,] m)
    {
        int rows = m.GetLength(0), cols = m.GetLength(1);
        var data = new double[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) data[i * cols + j] = m[i, j];
        return data;
    }

    public static double[,] Random(Random rng, int rows, int cols)
    {
        var m = new double[rows, cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) m[i, j] = rng.NextDouble() * 2 - 1;
        return m;
    }

    /// <summary>A symmetric matrix with off-diagonals in [-1, 1]/sqrt(n) and diagonal 1 + sqrt(n): SPD by Gershgorin, O(n^2) to make.</summary>
    public static double[,] RandomSpd(Random rng, int n)
    {
        var a = new double[n, n];
        double scale = 1 / Math.Sqrt(n);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < i; j++) a[i, j] = a[j, i] = scale * (rng.NextDouble() * 2 - 1);
            a[i, i] = 1 + Math.Sqrt(n);
        }

        return a;
    }

    public static double MaxAbsDifference(double[,] a, double[,] b)
    {
        double max = 0;
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++) max = Math.Max(max, Math.Abs(a[i, j] - b[i, j]));
        return max;
    }
}
