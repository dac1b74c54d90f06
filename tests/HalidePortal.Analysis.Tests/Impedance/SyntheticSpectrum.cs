using HalidePortal.Analysis.Impedance;

namespace HalidePortal.Analysis.Tests.Impedance;

/// <summary>Spectra computed from known parameters, optionally with seeded Gaussian noise proportional to |Z|.</summary>
internal static class SyntheticSpectrum
{
    /// <summary>The badly scaled blocking-electrode pellet of the brief: bulk arc near 100 kHz, spike below.</summary>
    public const string PelletCircuit = "R0-p(R1,CPE1)-CPE2";

    public static double[] PelletValues => [20, 3e5, 2e-11, 0.9, 1e-6, 0.8];

    /// <summary>pointsPerDecade log-spaced frequencies from high down to low, both included.</summary>
    public static double[] Frequencies(double highHz, double lowHz, int pointsPerDecade)
    {
        var decades = Math.Log10(highHz / lowHz);
        var count = (int)Math.Round(decades * pointsPerDecade) + 1;
        return [.. Enumerable.Range(0, count).Select(i => highHz * Math.Pow(10, -decades * i / (count - 1)))];
    }

    /// <summary>Z' and Z'' with independent N(0, (noise |Z|)^2) added to each part.</summary>
    public static (double[] Real, double[] Imag) Impedance(
        EquivalentCircuit circuit, double[] frequencies, double[] values, double noise = 0, int seed = 1)
    {
        var random = new Random(seed);
        var real = new double[frequencies.Length];
        var imag = new double[frequencies.Length];
        for (var i = 0; i < frequencies.Length; i++)
        {
            var z = circuit.Impedance(frequencies[i], values);
            real[i] = z.Real + noise * z.Magnitude * Gaussian(random);
            imag[i] = z.Imaginary + noise * z.Magnitude * Gaussian(random);
        }
        return (real, imag);
    }

    /// <summary>Box-Muller standard normal.</summary>
    private static double Gaussian(Random random)
    {
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
