namespace HalidePortal.Ingest.Text;

/// <summary>
/// Column headers that carry their unit ("Voltage(V)", "Current [mA]", "time/s", "Capacity (Ah)") split into
/// name and unit, and the factor that takes a value in that unit to the canonical unit of a <see cref="Quantity"/>.
/// </summary>
public static class HeaderUnits
{
    /// <summary>Name and unit of a header; the unit is empty when the header names none.</summary>
    public static (string Name, string Unit) Split(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        string h = header.Trim();
        if (h.Length > 2 && (h[^1] == ')' || h[^1] == ']'))
        {
            char open = h[^1] == ')' ? '(' : '[';
            int start = h.LastIndexOf(open);
            if (start > 0)
            {
                return (h[..start].Trim(), h[(start + 1)..^1].Trim());
            }
        }
        int slash = h.LastIndexOf('/');
        if (slash > 0 && slash < h.Length - 1 && h.Length - slash <= 8)
        {
            return (h[..slash].Trim(), h[(slash + 1)..].Trim());
        }
        return (h, "");
    }

    /// <summary>
    /// Factor from <paramref name="unit"/> to the canonical unit of <paramref name="quantity"/> (s, V, mA, mAh, mWh,
    /// Hz, Ohm, C, deg; impedance modulus and phase too), or null when the unit is not one of that quantity's. An empty unit means the canonical one.
    /// </summary>
    public static double? FactorToCanonical(Quantity quantity, string unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        string u = unit.Trim().Replace("µ", "u", StringComparison.Ordinal).Replace("μ", "u", StringComparison.Ordinal)
            .Replace(".", "", StringComparison.Ordinal).Replace("·", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        if (u.Length == 0)
        {
            return 1;
        }
        return quantity switch
        {
            Quantity.TimeS => u.ToUpperInvariant() switch
            {
                "S" or "SEC" or "SECOND" or "SECONDS" => 1,
                "MS" => 1e-3,
                "MIN" or "MINUTE" or "MINUTES" => 60,
                "H" or "HR" or "HOUR" or "HOURS" => 3600,
                "D" or "DAY" or "DAYS" => 86400,
                _ => null,
            },
            Quantity.VoltageV => u switch { "V" or "v" => 1, "mV" or "mv" => 1e-3, "uV" => 1e-6, _ => null },
            Quantity.CurrentMA => u switch { "A" or "a" => 1e3, "mA" or "ma" => 1, "uA" or "ua" => 1e-3, "nA" => 1e-6, _ => null },
            Quantity.CapacityMAh or Quantity.ChargeCapacityMAh or Quantity.DischargeCapacityMAh => u switch
            {
                "Ah" or "AH" or "ah" => 1e3,
                "mAh" or "mAH" or "mah" => 1,
                "uAh" or "uAH" => 1e-3,
                "As" or "C" => 1e3 / 3600,
                "mAs" or "mC" => 1.0 / 3600,
                _ => null,
            },
            Quantity.EnergyMWh => u switch { "Wh" or "WH" or "wh" => 1e3, "mWh" or "mWH" => 1, "uWh" => 1e-3, "kWh" => 1e6, "J" or "Ws" => 1e3 / 3600, _ => null },
            Quantity.FrequencyHz => u switch { "Hz" or "hz" or "HZ" => 1, "kHz" or "KHz" => 1e3, "MHz" => 1e6, "mHz" => 1e-3, _ => null },
            Quantity.ZRealOhm or Quantity.ZImagOhm or Quantity.ZModOhm => u.ToUpperInvariant() switch
            {
                "OHM" or "OHMS" or "Ω" => 1,
                "KOHM" or "KΩ" => 1e3,
                "MOHM" when u.StartsWith('M') => 1e6,
                "MOHM" => 1e-3,
                "MΩ" => 1e6,
                _ => null,
            },
            Quantity.TemperatureC => u switch { "C" or "°C" or "degC" or "℃" or "oC" => 1, _ => null },
            Quantity.TwoThetaDeg => u switch { "deg" or "°" or "degree" or "degrees" => 1, _ => null },
            Quantity.PhaseDeg => u switch { "deg" or "°" or "degree" or "degrees" or "Deg" or "DEG" => 1, "rad" => 180 / Math.PI, _ => null },
            _ => null,
        };
    }
}
