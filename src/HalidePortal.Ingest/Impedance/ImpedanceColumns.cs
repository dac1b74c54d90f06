using HalidePortal.Ingest.Text;

namespace HalidePortal.Ingest.Impedance;

/// <summary>What a column of an impedance table holds.</summary>
internal enum ColumnRole
{
    Other,
    Frequency,
    ZReal,
    ZImag,
    ZMod,
    Phase,
    Time,
    Voltage,
    Current,
    /// <summary>Not numbers (status bit strings); read past and left out.</summary>
    Text,
}

/// <summary>
/// One column of an impedance table: its name and unit as found, its role, and the factor that takes a stored
/// value to the canonical unit. <paramref name="Negated"/> marks a column written as the negative of its quantity
/// ("-Z''", "-Im(Z)", "-Phase"); its factor already carries the minus sign.
/// </summary>
internal readonly record struct ColumnSpec(string Name, string Unit, ColumnRole Role, double Factor, bool Negated)
{
    public Quantity Quantity => Role switch
    {
        ColumnRole.Frequency => Quantity.FrequencyHz,
        ColumnRole.ZReal => Quantity.ZRealOhm,
        ColumnRole.ZImag => Quantity.ZImagOhm,
        ColumnRole.ZMod => Quantity.ZModOhm,
        ColumnRole.Phase => Quantity.PhaseDeg,
        ColumnRole.Time => Quantity.TimeS,
        ColumnRole.Voltage => Quantity.VoltageV,
        ColumnRole.Current => Quantity.CurrentMA,
        _ => Quantity.Other,
    };

    public static ColumnSpec Other(string name, string unit) => new(name, unit, ColumnRole.Other, 1, false);
}

/// <summary>
/// Recognises impedance column headers as the various programs write them: "Freq (Hz)", "freq/Hz", "Freq.[Hz]",
/// "Z'(a)", "Zs' [Ohms]", "Zre (ohms)", "Re(Z)/Ohm", "Z''", "Z\"/ohm", "-Z'' (Ω)", "Zimg", "|Z|", "Z/ohm",
/// "Phase/deg", "-Phase (°)", "Time(Sec)", "Potential (V)", "Current (A)". A leading minus marks a negated column.
/// </summary>
internal static class ImpedanceHeaders
{
    private static readonly string[] FrequencyNames = ["f", "freq", "freq.", "frequency", "fr"];
    private static readonly string[] RealNames = ["z'", "zs'", "zre", "zreal", "zr", "re(z)", "rez", "z_re", "z_real", "real", "re", "z'real", "realz", "real(z)"];
    private static readonly string[] ImagNames = ["z\"", "zs\"", "zim", "zimag", "zimg", "zi", "im(z)", "imz", "z_im", "z_imag", "imag", "im", "imaginary", "imag(z)", "imagz", "z\"imag"];
    private static readonly string[] ModulusNames = ["|z|", "z", "zmod", "mod(z)", "modz", "|zs|", "modulus", "impedance", "z_mod", "|z|(ω)"];
    private static readonly string[] PhaseNames = ["phase", "phase(z)", "zphz", "phz", "phi", "theta", "phaseangle", "phase(°)", "z_phase", "phase angle"];
    private static readonly string[] TimeNames = ["time", "t", "elapsedtime", "time(s)", "elapsed time"];
    private static readonly string[] VoltageNames = ["potential", "e", "ewe", "vdc", "voltage", "edc", "e_dc"];
    private static readonly string[] CurrentNames = ["current", "i", "idc", "i_dc"];

    /// <summary>Splits a header such as "Zre (ohms)" into name and unit, then classifies it.</summary>
    public static ColumnSpec Classify(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        string cleaned = header.Trim().Trim('"').Trim();
        var (name, unit) = HeaderUnits.Split(cleaned);
        // ZPlot labels its impedance columns "Z'(a)" and "Z''(b)": the letters are axis labels, not units.
        if (unit is "a" or "b")
        {
            unit = "";
        }
        var spec = Classify(name, unit);
        // "Re(Z)" or "Im(Z)" without a unit: the brackets belong to the name.
        return spec.Role == ColumnRole.Other && unit.Length > 0 ? WholeName(cleaned, spec) : spec;
    }

    private static ColumnSpec WholeName(string cleaned, ColumnSpec split)
    {
        var whole = Classify(cleaned, "");
        return whole.Role == ColumnRole.Other ? split : whole;
    }

    /// <summary>Classifies a column whose name and unit are already separate (Gamry tables give units on their own row).</summary>
    public static ColumnSpec Classify(string name, string unit)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(unit);
        string key = Normalise(name, out bool negated);
        ColumnRole role = Role(key);
        var quantity = new ColumnSpec(name, unit, role, 1, false).Quantity;
        if (role == ColumnRole.Other)
        {
            return ColumnSpec.Other(name.Trim(), unit.Trim());
        }
        // Phase units are often mangled degree signs; a phase column with an unreadable unit is still degrees.
        double? factor = role == ColumnRole.Phase && !string.Equals(unit.Trim(), "rad", StringComparison.OrdinalIgnoreCase)
            ? 1
            : HeaderUnits.FactorToCanonical(quantity, unit);
        if (factor is null)
        {
            return ColumnSpec.Other(name.Trim(), unit.Trim());
        }
        double sign = negated ? -1 : 1;
        return new ColumnSpec(name.Trim(), unit.Trim(), role, sign * factor.Value, negated);
    }

    private static string Normalise(string name, out bool negated)
    {
        string n = name.Trim().ToLowerInvariant()
            .Replace("''", "\"", StringComparison.Ordinal)
            .Replace("’’", "\"", StringComparison.Ordinal)
            .Replace('’', '\'').Replace('′', '\'').Replace('″', '"').Replace('”', '"').Replace('“', '"')
            .Replace(" ", "", StringComparison.Ordinal);
        negated = n.Length > 1 && (n[0] == '-' || n[0] == '−');
        return negated ? n[1..] : n;
    }

    private static ColumnRole Role(string key)
    {
        if (Array.IndexOf(FrequencyNames, key) >= 0 || key.StartsWith("freq", StringComparison.Ordinal))
        {
            return ColumnRole.Frequency;
        }
        if (Array.IndexOf(RealNames, key) >= 0)
        {
            return ColumnRole.ZReal;
        }
        if (Array.IndexOf(ImagNames, key) >= 0)
        {
            return ColumnRole.ZImag;
        }
        if (Array.IndexOf(ModulusNames, key) >= 0)
        {
            return ColumnRole.ZMod;
        }
        if (Array.IndexOf(PhaseNames, key) >= 0)
        {
            return ColumnRole.Phase;
        }
        if (Array.IndexOf(TimeNames, key) >= 0)
        {
            return ColumnRole.Time;
        }
        if (Array.IndexOf(VoltageNames, key) >= 0)
        {
            return ColumnRole.Voltage;
        }
        return Array.IndexOf(CurrentNames, key) >= 0 ? ColumnRole.Current : ColumnRole.Other;
    }
}

/// <summary>Sweep numbers and sign conventions worked out from the impedance values themselves.</summary>
public static class ImpedanceSweeps
{
    /// <summary>
    /// 1-based sweep number per point: a new sweep starts where the frequency steps back against the direction the
    /// sweep runs in (up by more than 10 % in a falling sweep, down by more than 10 % in a rising one).
    /// </summary>
    public static double[] FromFrequencyResets(IReadOnlyList<double> frequency)
    {
        ArgumentNullException.ThrowIfNull(frequency);
        var sweep = new double[frequency.Count];
        int current = 1;
        int direction = 0;
        for (int i = 0; i < sweep.Length; i++)
        {
            if (i > 0 && frequency[i - 1] > 0 && frequency[i] > 0)
            {
                double ratio = frequency[i] / frequency[i - 1];
                int step = ratio > 1.1 ? 1 : ratio < 1 / 1.1 ? -1 : 0;
                if (direction == 0)
                {
                    direction = step;
                }
                else if (step != 0 && step != direction)
                {
                    current++;
                    direction = 0;
                }
            }
            sweep[i] = current;
        }
        return sweep;
    }

    /// <summary>
    /// Whether an imaginary column whose header does not say its sign holds -Im(Z): true when most of its non-zero
    /// values are positive. Capacitive arcs (the usual case, also for batteries apart from a few inductive points at
    /// the highest frequencies) have Im(Z) &lt; 0.
    /// </summary>
    public static bool LooksNegated(IReadOnlyList<double> imaginary)
    {
        ArgumentNullException.ThrowIfNull(imaginary);
        int positive = 0;
        int negative = 0;
        foreach (double v in imaginary)
        {
            if (v > 0)
            {
                positive++;
            }
            else if (v < 0)
            {
                negative++;
            }
        }
        return positive > negative;
    }
}
