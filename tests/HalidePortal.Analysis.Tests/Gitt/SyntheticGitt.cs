namespace HalidePortal.Analysis.Tests.Gitt;

/// <summary>
/// A GITT run built from the Weppner-Huggins solution with a known D per pulse. During a pulse of length tau the voltage
/// follows semi-infinite diffusion, E = E0 + IR + S sqrt(t - t0) with S = dE/dsqrt(t) = 2 L dEs / (tau sqrt(pi D)), which
/// is D = 4 L^2 / (pi tau) (dEs / dEt)^2 solved for dEt = S sqrt(tau). After the pulse the IR step goes and the voltage
/// relaxes as exp(-t / 60 s) to Es = E0 + dEs over 900 s (15 time constants: Es within 1e-7 V).
/// Rows every 1 s in a pulse and 5 s at rest; the row at t0 is the last rest row (the current switches on after it).
/// </summary>
internal sealed class SyntheticGitt
{
    public const double CurrentA = 1e-4;
    public const double TauS = 60;
    public const double LengthCm = 1e-3;
    public const double DeltaEsV = 0.01;
    public const double IrV = 0.02;
    public const double StartV = 3.70;
    private const double RelaxationS = 60, RestS = 900, RestStepS = 5, PulseStepS = 1;

    public List<double> Time { get; } = [];
    public List<double> Voltage { get; } = [];
    public List<double> Current { get; } = [];

    /// <summary>D of each pulse, log-spaced over DOMAIN.md's 1e-11 .. 1e-9 cm2/s unless given.</summary>
    public static double[] Diffusion(int pulses) =>
        [.. Enumerable.Range(0, pulses).Select(k => Math.Pow(10, -11 + 2.0 * k / Math.Max(1, pulses - 1)))];

    /// <summary>dE/dsqrt(t) = 2 L dEs / (tau sqrt(pi D)).</summary>
    public static double Slope(double d, double tauS = TauS) => 2 * LengthCm * DeltaEsV / (tauS * Math.Sqrt(Math.PI * d));

    public static SyntheticGitt Build(IReadOnlyList<double> diffusion, double tauS = TauS, double noiseV = 0, bool trailingPulse = false)
    {
        var run = new SyntheticGitt();
        var random = new Random(20261125);
        double Noise()
        {
            // Box-Muller: normal with standard deviation noiseV.
            double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
            return noiseV * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
        void Add(double t, double e, double i)
        {
            run.Time.Add(t);
            run.Voltage.Add(e + (noiseV > 0 ? Noise() : 0));
            run.Current.Add(i);
        }

        double time = 0, e0 = StartV;
        for (int k = 0; k < 10; k++)
        {
            Add(time, e0, 0);
            time += RestStepS;
        }
        time -= RestStepS;
        foreach (double d in diffusion)
        {
            double t0 = time, slope = Slope(d, tauS);
            for (double s = PulseStepS; s <= tauS + 1e-9; s += PulseStepS)
            {
                Add(t0 + s, e0 + IrV + slope * Math.Sqrt(s), CurrentA);
            }
            double tEnd = t0 + tauS, es = e0 + DeltaEsV, start = e0 + slope * Math.Sqrt(tauS);
            for (double s = RestStepS; s <= RestS + 1e-9; s += RestStepS)
            {
                Add(tEnd + s, es + (start - es) * Math.Exp(-s / RelaxationS), 0);
            }
            time = tEnd + RestS;
            e0 = es;
        }
        if (trailingPulse)
        {
            for (double s = PulseStepS; s <= 10; s += PulseStepS)
            {
                Add(time + s, e0 + IrV + 0.001 * Math.Sqrt(s), CurrentA);
            }
        }
        return run;
    }
}
