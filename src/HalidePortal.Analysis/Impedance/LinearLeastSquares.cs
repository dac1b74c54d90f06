using MathNet.Numerics.LinearAlgebra;

namespace HalidePortal.Analysis.Impedance;

/// <summary>Least squares for the ill-conditioned, badly scaled linear models of impedance (RC ladders, L, 1/C).</summary>
internal static class LinearLeastSquares
{
    /// <summary>
    /// Minimum-norm x minimising ||A x - b||2: columns scaled to unit length, A = Q R (thin), R = U S V^T, then
    /// x = V S^+ U^T Q^T b with singular values below s_max max(rows, columns) eps treated as zero (the usual lstsq
    /// cut-off), then unscaled. The SVD of the small R instead of A keeps it fast for tall A.
    /// </summary>
    public static Vector<double> Solve(Matrix<double> a, Vector<double> b)
    {
        var scale = Vector<double>.Build.Dense(a.ColumnCount, j =>
        {
            var norm = a.Column(j).L2Norm();
            return norm > 0 ? norm : 1;
        });
        var scaled = a.Clone();
        for (var j = 0; j < a.ColumnCount; j++)
        {
            scaled.SetColumn(j, a.Column(j) / scale[j]);
        }
        var qr = scaled.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin);
        var svd = qr.R.Svd(computeVectors: true);
        var s = svd.S;
        var cutoff = s[0] * Math.Max(a.RowCount, a.ColumnCount) * 2.220446049250313e-16;
        var utb = svd.U.TransposeThisAndMultiply(qr.Q.TransposeThisAndMultiply(b));
        var y = Vector<double>.Build.Dense(a.ColumnCount);
        for (var k = 0; k < s.Count; k++)
        {
            if (s[k] > cutoff)
            {
                y[k] = utb[k] / s[k];
            }
        }
        var x = svd.VT.TransposeThisAndMultiply(y);
        return x.PointwiseDivide(scale);
    }
}
