using System.Globalization;

namespace HalidePortal.Analysis.Diffraction;

/// <summary>One reflection of a reference pattern: Miller indices (0 0 0 when unknown), 2-theta in degrees, d in Angstrom, intensity relative to the strongest (100).</summary>
public sealed record ReferenceReflection(int H, int K, int L, double TwoThetaDeg, double DAngstrom, double RelativeIntensity);

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
        if (!(wavelengthAngstrom > 0) || !double.IsFinite(wavelengthAngstrom))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Expected a wavelength above 0 A, got {wavelengthAngstrom}."), nameof(wavelengthAngstrom));
        }
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
