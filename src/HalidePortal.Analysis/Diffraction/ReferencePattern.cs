using System.Globalization;

namespace HalidePortal.Analysis.Diffraction;

/// <summary>
/// One reflection of a reference pattern: Miller indices (0 0 0 when unknown), 2-theta in degrees, d in Angstrom,
/// intensity relative to the strongest (100); Label is the text a pasted list gave beside it (hkl or d), if any.
/// </summary>
public sealed record ReferenceReflection(int H, int K, int L, double TwoThetaDeg, double DAngstrom, double RelativeIntensity)
{
    public string? Label { get; init; }

    /// <summary>What to call the reflection on a chart: the pasted label, else "110" from the indices, else null.</summary>
    public string? Indices => Label ?? (H == 0 && K == 0 && L == 0 ? null
        : H < 10 && K < 10 && L < 10 ? string.Create(CultureInfo.InvariantCulture, $"{H}{K}{L}")
        : string.Create(CultureInfo.InvariantCulture, $"{H} {K} {L}"));
}

/// <summary>
/// A reference powder pattern (a phase's reflections) at a stated wavelength. Source says where positions and
/// intensities come from; IntensitiesKnown is false for "positions only, equal intensities".
/// </summary>
public sealed record ReferencePattern(
    string Name,
    double WavelengthAngstrom,
    IReadOnlyList<ReferenceReflection> Reflections,
    string Source,
    bool IntensitiesKnown)
{
    /// <summary>
    /// The same reflections seen with another wavelength: d = lambda / (2 sin theta) is fixed, so
    /// 2theta' = 2 asin(lambda' / (2 d)); reflections with lambda' / (2 d) &gt;= 1 cannot be seen and are dropped.
    /// </summary>
    public ReferencePattern AtWavelength(double wavelengthAngstrom)
    {
        RequireWavelength(wavelengthAngstrom);
        var moved = new List<ReferenceReflection>(Reflections.Count);
        foreach (var r in Reflections)
        {
            var s = wavelengthAngstrom / (2 * r.DAngstrom);
            if (s < 1)
            {
                moved.Add(r with { TwoThetaDeg = 360 / Math.PI * Math.Asin(s) });
            }
        }
        return this with { WavelengthAngstrom = wavelengthAngstrom, Reflections = moved };
    }

    /// <summary>
    /// A pattern from listed positions at a stated wavelength: d = lambda / (2 sin theta) for each reflection, intensities
    /// scaled so the strongest is 100 (I_rel = 100 I / max I), reflections in order of 2-theta. Labels may be null or
    /// hold null entries. The lists must have the same length, 0 &lt; 2theta &lt; 180 deg, intensities &gt;= 0 and
    /// not all 0; <see cref="ReferencePatternText"/> checks pasted text with line numbers before it comes here.
    /// </summary>
    public static ReferencePattern FromTwoTheta(
        string name, double wavelengthAngstrom, IReadOnlyList<double> twoThetaDeg, IReadOnlyList<double> intensity, IReadOnlyList<string?>? labels, string source)
    {
        ArgumentNullException.ThrowIfNull(twoThetaDeg);
        ArgumentNullException.ThrowIfNull(intensity);
        RequireWavelength(wavelengthAngstrom);
        if (twoThetaDeg.Count != intensity.Count || (labels is not null && labels.Count != twoThetaDeg.Count))
        {
            throw new ArgumentException("Expected as many intensities (and labels) as 2-theta values.", nameof(intensity));
        }
        var max = intensity.Count == 0 ? 0 : intensity.Max();
        if (!(max > 0) || !double.IsFinite(max) || intensity.Any(i => !(i >= 0)) || twoThetaDeg.Any(t => !(t is > 0 and < 180)))
        {
            throw new ArgumentException("Expected 0 < 2-theta < 180 deg, finite intensities of 0 or more and at least one above 0.", nameof(intensity));
        }
        var reflections = new List<ReferenceReflection>(twoThetaDeg.Count);
        for (var i = 0; i < twoThetaDeg.Count; i++)
        {
            var d = wavelengthAngstrom / (2 * Math.Sin(twoThetaDeg[i] * Math.PI / 360));
            reflections.Add(new ReferenceReflection(0, 0, 0, twoThetaDeg[i], d, 100 * intensity[i] / max) { Label = labels?[i] });
        }
        return new ReferencePattern(name, wavelengthAngstrom, [.. reflections.OrderBy(r => r.TwoThetaDeg)], source, IntensitiesKnown: true);
    }

    private static void RequireWavelength(double wavelengthAngstrom)
    {
        if (!(wavelengthAngstrom > 0) || !double.IsFinite(wavelengthAngstrom))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Expected a wavelength above 0 A, got {wavelengthAngstrom}."), nameof(wavelengthAngstrom));
        }
    }

    /// <summary>
    /// Reflections of a hexagonal (trigonal) cell: 1/d^2 = 4/3 (h^2 + hk + k^2) / a^2 + l^2 / c^2, 2theta = 2 asin(lambda / 2d),
    /// one reflection per d-spacing (hkl with h &gt;= k &gt;= 0, l &gt;= 0; hk-l and kh-l share it in powder), no
    /// systematic absences (primitive cell without glides, as P-3m1), up to maxTwoThetaDeg. Equal intensities (100).
    /// </summary>
    public static ReferencePattern FromHexagonalCell(string name, double aAngstrom, double cAngstrom, double wavelengthAngstrom, double maxTwoThetaDeg, string source)
    {
        if (!(aAngstrom > 0) || !(cAngstrom > 0) || !(wavelengthAngstrom > 0) || !(maxTwoThetaDeg is > 0 and < 180))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Expected a, c and wavelength above 0 A and 0 < max 2-theta < 180 deg, got {aAngstrom}, {cAngstrom}, {wavelengthAngstrom} and {maxTwoThetaDeg}."),
                nameof(aAngstrom));
        }
        var dMin = wavelengthAngstrom / (2 * Math.Sin(maxTwoThetaDeg * Math.PI / 360));
        var hMax = (int)Math.Ceiling(aAngstrom / dMin) + 1;
        var lMax = (int)Math.Ceiling(cAngstrom / dMin);
        var byD = new SortedDictionary<double, ReferenceReflection>();
        for (var h = 0; h <= hMax; h++)
        {
            for (var k = 0; k <= h; k++)
            {
                for (var l = 0; l <= lMax; l++)
                {
                    if (h == 0 && k == 0 && l == 0)
                    {
                        continue;
                    }
                    var inverseD2 = 4.0 / 3 * (h * h + h * k + k * k) / (aAngstrom * aAngstrom) + (double)(l * l) / (cAngstrom * cAngstrom);
                    var d = 1 / Math.Sqrt(inverseD2);
                    if (d < dMin)
                    {
                        continue;
                    }
                    // Coinciding d-spacings (e.g. 300 and 3-30 orders) are one powder line: keep the first indices.
                    var key = Math.Round(d, 6);
                    if (!byD.ContainsKey(key))
                    {
                        byD[key] = new ReferenceReflection(h, k, l, 360 / Math.PI * Math.Asin(wavelengthAngstrom / (2 * d)), d, 100);
                    }
                }
            }
        }
        return new ReferencePattern(name, wavelengthAngstrom, [.. byD.Values.Reverse()], source, IntensitiesKnown: false);
    }

    /// <summary>
    /// Li2ZrCl6, trigonal P-3m1, positions only (equal intensities): every reflection of the hexagonal cell
    /// a = 10.94 A, c = 5.93 A up to 2theta = 60 deg with Cu K-alpha1. The cell is the value the lab works with for
    /// ball-milled LZC (the Li3YCl6-type trigonal phase); intensities need the atom positions and are not claimed.
    /// </summary>
    public static ReferencePattern Li2ZrCl6 { get; } = FromHexagonalCell(
        "Li2ZrCl6 (P-3m1)", 10.94, 5.93, Scherrer.CuKAlpha1Angstrom, 60,
        "positions from the hexagonal cell a = 10.94 A, c = 5.93 A (P-3m1, lab value for ball-milled Li2ZrCl6); positions only, equal intensities");
}
