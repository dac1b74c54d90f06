namespace HalidePortal.Ingest.Cycling;

/// <summary>
/// How an EC-Lab column header (as written in .mpt exports, e.g. "Ewe/V", "-Im(Z)/Ohm") becomes a
/// <see cref="SeriesColumn"/>: its short name, unit, canonical quantity and the factor to the canonical unit.
/// Shared by the binary (.mpr) and text (.mpt) BioLogic parsers so both name things alike.
/// </summary>
internal static class BioLogicColumns
{
    /// <summary>Column name, unit, quantity, and the factor that takes the stored value to <paramref name="header"/>'s canonical unit.</summary>
    public readonly record struct Mapping(string Name, string Unit, Quantity Quantity, double Scale);

    public static Mapping Map(string header) => header switch
    {
        "time/s" => new("time", "s", Quantity.TimeS, 1),
        "Ewe/V" => new("Ewe", "V", Quantity.VoltageV, 1),
        "<Ewe>/V" => new("<Ewe>", "V", Quantity.VoltageV, 1),
        "Ecell/V" => new("Ecell", "V", Quantity.VoltageV, 1),
        "<Ecell>/V" => new("<Ecell>", "V", Quantity.VoltageV, 1),
        "I/mA" => new("I", "mA", Quantity.CurrentMA, 1),
        "<I>/mA" => new("<I>", "mA", Quantity.CurrentMA, 1),
        "Q charge/discharge/mA.h" => new("Q charge/discharge", "mAh", Quantity.CapacityMAh, 1),
        "Q charge/mA.h" => new("Q charge", "mAh", Quantity.ChargeCapacityMAh, 1),
        "Q discharge/mA.h" => new("Q discharge", "mAh", Quantity.DischargeCapacityMAh, 1),
        "(Q-Qo)/mA.h" => new("(Q-Qo)", "mAh", Quantity.Other, 1),
        "dq/mA.h" => new("dq", "mAh", Quantity.Other, 1),
        "ox/red" => new("ox/red", "", Quantity.Other, 1),
        "cycle number" => new("cycle number", "", Quantity.CycleNumber, 1),
        "Ns" => new("Ns", "", Quantity.StepNumber, 1),
        "freq/Hz" => new("freq", "Hz", Quantity.FrequencyHz, 1),
        "Re(Z)/Ohm" => new("Re(Z)", "Ohm", Quantity.ZRealOhm, 1),
        // EC-Lab stores -Im(Z); the canonical column is Im(Z) with the sign as measured.
        "-Im(Z)/Ohm" => new("Im(Z)", "Ohm", Quantity.ZImagOhm, -1),
        "Energy charge/W.h" => new("Energy charge", "mWh", Quantity.EnergyMWh, 1000),
        "Energy discharge/W.h" => new("Energy discharge", "mWh", Quantity.EnergyMWh, 1000),
        "|Energy|/W.h" => new("|Energy|", "mWh", Quantity.EnergyMWh, 1000),
        // The degree sign is often mangled by re-encoding (Latin-1 vs UTF-8 replacement characters).
        _ when header.StartsWith("Temperature/", StringComparison.Ordinal) && header.EndsWith('C')
            => new("Temperature", "C", Quantity.TemperatureC, 1),
        _ => SplitOther(header),
    };

    private static Mapping SplitOther(string header)
    {
        int slash = header.IndexOf('/', StringComparison.Ordinal);
        return slash <= 0
            ? new(header, "", Quantity.Other, 1)
            : new(header[..slash], header[(slash + 1)..], Quantity.Other, 1);
    }
}
