using System.Globalization;

namespace HalidePortal.Analysis.Impedance;

/// <summary>The checks every impedance analysis makes on (f, Z', Z'') before it starts.</summary>
internal static class SpectrumInput
{
    /// <summary>Equal lengths, at least <paramref name="minimumPoints"/> points, f finite and above 0, Z finite.</summary>
    public static void Check(IReadOnlyList<double> frequencies, IReadOnlyList<double> zReal, IReadOnlyList<double> zImag, int minimumPoints)
    {
        ArgumentNullException.ThrowIfNull(frequencies);
        ArgumentNullException.ThrowIfNull(zReal);
        ArgumentNullException.ThrowIfNull(zImag);
        var n = frequencies.Count;
        if (zReal.Count != n || zImag.Count != n)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"frequencies, Z' and Z'' must have the same length, got {n}, {zReal.Count} and {zImag.Count}"),
                nameof(zReal));
        }
        if (n < minimumPoints)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"expected at least {minimumPoints} frequencies, got {n}"), nameof(frequencies));
        }
        for (var i = 0; i < n; i++)
        {
            if (!(frequencies[i] > 0) || !double.IsFinite(frequencies[i]) || !double.IsFinite(zReal[i]) || !double.IsFinite(zImag[i]))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture,
                        $"point {i} must have a finite frequency above 0 Hz and finite Z' and Z'', got f = {frequencies[i]}, Z' = {zReal[i]}, Z'' = {zImag[i]}"),
                    nameof(frequencies));
            }
        }
    }
}
