using System.Globalization;
using System.Text;

namespace HalidePortal.Bench;

/// <summary>
/// Writes a synthetic EC-Lab ASCII export of a GCPL run, shaped like the real exports in the fixtures (header block
/// with "Nb header lines", tab-separated columns, 15-digit doubles and 7-digit singles with 3-digit exponents):
/// a 300 s rest, then constant-current cycles of a halide solid-state cathode cell between 2.6 and 4.3 V at C/4
/// (0.3 mA, 1.2 mAh, 6.5 mg active material), a low first-cycle efficiency and 0.08 % fade per cycle.
/// Every half cycle gets the same number of rows, so the row count is exact whatever the cycle count.
/// </summary>
internal static class GcplMptWriter
{
    private const double CurrentMA = 0.3;
    private const double DischargeCapacityMAh = 1.2;
    private const double LowerV = 2.6, UpperV = 4.3;
    private const double OverpotentialV = 0.04;
    private const int RestRows = 30;
    private const double RestStepS = 10;

    private static readonly string[] Columns =
    [
        "mode", "ox/red", "error", "control changes", "Ns changes", "counter inc.", "Ns", "time/s", "control/V/mA", "Ewe/V",
        "I/mA", "dq/mA.h", "(Q-Qo)/mA.h", "Q charge/discharge/mA.h", "half cycle", "Energy charge/W.h", "Energy discharge/W.h",
        "Q discharge/mA.h", "Q charge/mA.h", "cycle number",
    ];

    /// <summary>Writes the file; returns its size in bytes.</summary>
    public static long Write(string path, int rows, int cycles)
    {
        if (cycles < 1 || rows < RestRows + 2 * cycles * 2)
        {
            throw new ArgumentException($"need at least {RestRows + 4 * cycles} rows for {cycles} cycles");
        }
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        var row = new RowWriter(file);
        foreach (var line in Header())
        {
            row.Text(line);
            row.EndLine();
        }
        row.Text(string.Join('\t', Columns));
        row.Tab();
        row.EndLine();

        var noise = new Random(20260115);
        double time = 0, qTotal = 0, chargeEnergyWh = 0, dischargeEnergyWh = 0;
        for (int k = 0; k < RestRows; k++)
        {
            double v = Voltage(0, 0) + 0.002 * Math.Exp(-k / 10.0) + Noise(noise, 0.0002);
            row.Fields(3, 0, 0, k == 0 ? 1 : 0, 0, 0, 0, time, 0, v, 0, 0, qTotal, 0, 0, 0, 0, 0, 0, 0);
            time += RestStepS;
        }

        int dataRows = rows - RestRows, halves = 2 * cycles;
        for (int half = 0; half < halves; half++)
        {
            int cycle = half / 2;
            bool charge = half % 2 == 0;
            int n = dataRows / halves + (half < dataRows % halves ? 1 : 0);
            double discharge = DischargeCapacityMAh * (1 - 0.0008 * cycle);
            double capacity = charge ? discharge / (cycle == 0 ? 0.88 : 0.997) : discharge;
            double dt = capacity / CurrentMA * 3600 / n;
            double sign = charge ? 1 : -1;
            if (charge)
            {
                chargeEnergyWh = 0;
                dischargeEnergyWh = 0;
            }
            double q = 0, previousV = double.NaN;
            for (int k = 1; k <= n; k++)
            {
                double current = sign * CurrentMA + Noise(noise, 0.00005);
                double dq = current * dt / 3600;
                q += Math.Abs(dq);
                qTotal += dq;
                time += dt;
                double x = charge ? Math.Min(1, q / capacity) : Math.Max(0, 1 - q / capacity);
                double v = Voltage(x, sign * OverpotentialV) + Noise(noise, 0.0003);
                // Energy is the integral of V dq, here in W.h (mAh x V = mWh).
                double energy = Math.Abs(dq) * (double.IsNaN(previousV) ? v : 0.5 * (v + previousV)) / 1000;
                previousV = v;
                if (charge)
                {
                    chargeEnergyWh += energy;
                }
                else
                {
                    dischargeEnergyWh += energy;
                }
                int change = k == 1 ? 1 : 0;
                row.Fields(1, charge ? 1 : 0, 0, change, change, 0, charge ? 1 : 2, time, sign * CurrentMA, v, current, dq, qTotal,
                    sign * q, half, chargeEnergyWh, dischargeEnergyWh, charge ? 0 : q, charge ? q : 0, cycle);
            }
        }
        row.Flush();
        return file.Length;
    }

    private static double Noise(Random random, double amplitude) => amplitude * (2 * random.NextDouble() - 1);

    /// <summary>
    /// A sloped open-circuit curve with steep ends (x = state of charge 0..1) plus an overpotential, stretched so
    /// charge ends exactly at the upper and discharge exactly at the lower cut-off.
    /// </summary>
    private static double Voltage(double x, double overpotential)
    {
        static double Ocv(double s)
        {
            double u = 0.002 + 0.996 * s;
            return 3.7 + 0.35 * (s - 0.5) + 0.06 * Math.Log(u / (1 - u)) - 0.25 * Math.Exp(-s / 0.03);
        }
        double low = Ocv(0) - OverpotentialV, high = Ocv(1) + OverpotentialV;
        return LowerV + (Ocv(x) + overpotential - low) / (high - low) * (UpperV - LowerV);
    }

    private static List<string> Header()
    {
        var lines = new List<string>
        {
            "EC-Lab ASCII FILE",
            "", // "Nb header lines" goes here once the count is known.
            "",
            "Galvanostatic Cycling with Potential Limitation",
            "",
            "Run on channel : 3 (SN 0000)",
            "User : bench",
            "Electrode connection : standard",
            "Potential control : Ewe",
            "Ewe ctrl range : min = 0.00 V, max = 5.00 V",
            "Safety Limits :",
            "\tDo not start on E overload",
            "Acquisition started on : 01/15/2026 09:30:00.000",
            "Loaded Setting File : NONE",
            "Saved on :",
            "\tFile : synthetic_gcpl_C03.mpr",
            "\tDirectory : C:\\Data\\bench\\",
            "\tHost : 127.0.0.1",
            "Device : VMP3 (SN 0000)",
            "EC-Lab for windows v11.50 (software)",
            "Electrode material : NCM85 | Li3InCl6 | Li-In",
            "Initial state : discharged",
            "Electrolyte : Li3InCl6",
            "Comments : synthetic GCPL export written by deploy/bench (halide-bench gen-mpt)",
            "Mass of active material : 6.500 mg",
            " at x = 0.000",
            "Electrode surface area : 0.785 cm²",
            "Cycle Definition : Charge/Discharge alternance",
            Setting("Ns", "0", "1", "2"),
            Setting("Set I/C", "I", "I", "I"),
            Setting("Is", "0.000", "0.300", "-0.300"),
            Setting("unit Is", "mA", "mA", "mA"),
            Setting("t1 (h:m:s)", "0:05:0.0000", "0:00:0.0000", "0:00:0.0000"),
            Setting("EM (V)", "0.000", UpperV.ToString("F3", CultureInfo.InvariantCulture), LowerV.ToString("F3", CultureInfo.InvariantCulture)),
            Setting("goto Ns'", "0", "0", "1"),
            Setting("nc cycles", "0", "0", "99"),
        };
        lines[1] = $"Nb header lines : {(lines.Count + 1).ToString(CultureInfo.InvariantCulture)}                          ";
        return lines;
    }

    private static string Setting(string name, params string[] values) =>
        name.PadRight(20) + string.Concat(values.Select(v => v.PadRight(20)));

    /// <summary>Formats rows straight into UTF-8 bytes (string formatting of 20 M numbers would dominate the run).</summary>
    private sealed class RowWriter(Stream output)
    {
        private readonly byte[] buffer = new byte[1 << 20];
        private int used;

        public void Fields(int mode, int oxRed, int error, int controlChanges, int nsChanges, int counterInc, int ns, double time,
            double control, double ewe, double current, double dq, double qTotal, double qHalf, int half, double chargeEnergy,
            double dischargeEnergy, double qDischarge, double qCharge, int cycle)
        {
            Int(mode); Int(oxRed); Int(error); Int(controlChanges); Int(nsChanges); Int(counterInc); Int(ns);
            Double(time); Single(control); Single(ewe); Double(current); Double(dq); Double(qTotal); Double(qHalf);
            Int(half); Double(chargeEnergy); Double(dischargeEnergy); Double(qDischarge); Double(qCharge); Double(cycle);
            EndLine();
        }

        public void Text(string text)
        {
            Reserve(Encoding.UTF8.GetMaxByteCount(text.Length));
            used += Encoding.UTF8.GetBytes(text, buffer.AsSpan(used));
        }

        public void Tab()
        {
            Reserve(1);
            buffer[used++] = (byte)'\t';
        }

        public void EndLine()
        {
            Reserve(2);
            buffer[used++] = (byte)'\r';
            buffer[used++] = (byte)'\n';
        }

        public void Flush()
        {
            output.Write(buffer, 0, used);
            used = 0;
        }

        private void Int(int value) => Format(value, default);

        // EC-Lab writes doubles with 15 and singles with 7 decimals, always with a 3-digit exponent.
        private void Double(double value) => Format(value, "0.000000000000000E+000");

        private void Single(double value) => Format((float)value, "0.0000000E+000");

        private void Format<T>(T value, ReadOnlySpan<char> format) where T : IUtf8SpanFormattable
        {
            Reserve(40);
            value.TryFormat(buffer.AsSpan(used), out int written, format, CultureInfo.InvariantCulture);
            used += written;
            buffer[used++] = (byte)'\t';
        }

        private void Reserve(int bytes)
        {
            if (used + bytes > buffer.Length)
            {
                Flush();
            }
        }
    }
}
