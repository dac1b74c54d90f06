using System.Globalization;
using System.Numerics;
using HalidePortal.Analysis.Impedance;

namespace HalidePortal.Analysis.Tests.Impedance;

public sealed class EquivalentCircuitTests
{
    [Fact]
    public void Parse_PelletCircuit_ParametersInWrittenOrderWithUnits()
    {
        var circuit = EquivalentCircuit.Parse("R0-p(R1,CPE1)-CPE2");

        Assert.Equal(["R0", "R1", "CPE1.Q", "CPE1.n", "CPE2.Q", "CPE2.n"], circuit.Parameters.Select(p => p.Name));
        Assert.Equal(["Ohm", "Ohm", "F s^(n-1)", "1", "F s^(n-1)", "1"], circuit.Parameters.Select(p => p.Unit));
        Assert.Equal(3, circuit.IndexOf("CPE1.n"));
        Assert.Equal(-1, circuit.IndexOf("CPE3.n"));
        var n = circuit.Parameters[3];
        Assert.True(n.IsExponent);
        Assert.Equal((0.0, 1.0), (n.LowerBound, n.UpperBound));
        Assert.Equal(double.PositiveInfinity, circuit.Parameters[1].UpperBound);
    }

    [Fact]
    public void Parse_EveryElementAndSpaces_NamesAndKinds()
    {
        var circuit = EquivalentCircuit.Parse(" r0 - p( C1 , L2 - W3 ) - Wo4 - ws5 - G6 - zarc7 ");

        Assert.Equal("r0-p(C1,L2-W3)-Wo4-ws5-G6-zarc7", circuit.Text);
        Assert.Equal(
            ["R0", "C1", "L2", "W3", "Wo4.R", "Wo4.tau", "Ws5.R", "Ws5.tau", "G6.R", "G6.tau", "Zarc7.R", "Zarc7.tau", "Zarc7.phi"],
            circuit.Parameters.Select(p => p.Name));
        Assert.Equal(CircuitElementKind.WarburgShort, circuit.Parameters[6].Kind);
        Assert.Equal("s", circuit.Parameters[11].Unit);
    }

    [Theory]
    [InlineData("", "position 1: expected an element")]
    [InlineData("R0-p(R1", "position 8: expected ',' (a parallel group needs two branches), found the end of the text")]
    [InlineData("R0-p(R1,C2", "position 11: expected ',' or ')', found the end of the text")]
    [InlineData("p(R1)", "position 5: expected ',' (a parallel group needs two branches), found ')'")]
    [InlineData("R0-X1", "position 4: expected an element (R, C, L, CPE, W, Wo, Ws, G, Zarc) or p(, found 'X'")]
    [InlineData("R0-CPE", "position 7: expected the number of element CPE (as in CPE1), found the end of the text")]
    [InlineData("R0-R0", "position 4: expected a new element name, found R0 a second time")]
    [InlineData("R0-", "position 4: expected an element")]
    [InlineData("R0)R1", "position 3: expected '-' or the end of the circuit, found ')'")]
    public void Parse_BadText_ThrowsNamingPositionAndExpectation(string text, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => EquivalentCircuit.Parse(text));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    // Closed form: R || C has its apex at w R C = 1, where Z = R/2 - j R/2. Tolerance 1e-12 relative.
    [Fact]
    public void Impedance_ParallelRC_ApexAtOneOverTwoPiRC()
    {
        var circuit = EquivalentCircuit.Parse("p(R1,C1)");
        double r = 3e5, c = 2e-11;

        var z = circuit.Impedance(1 / (2 * Math.PI * r * c), [r, c]);

        Assert.Equal(r / 2, z.Real, r * 1e-12);
        Assert.Equal(r / 2, -z.Imaginary, r * 1e-12);
    }

    // Closed forms by element at chosen frequencies; tolerance 1e-12 relative to |Z|.
    [Fact]
    public void Impedance_Elements_MatchClosedForms()
    {
        var f = 1 / (2 * Math.PI); // w = 1 rad/s
        AssertClose(new Complex(50, 0), EquivalentCircuit.Parse("R1").Impedance(f, [50]));
        AssertClose(new Complex(0, -1e6), EquivalentCircuit.Parse("C1").Impedance(f, [1e-6]));
        AssertClose(new Complex(0, 2e-6), EquivalentCircuit.Parse("L1").Impedance(2 * f, [1e-6]));
        // CPE with n = 1 is a capacitor.
        AssertClose(EquivalentCircuit.Parse("C1").Impedance(123.4, [1e-6]), EquivalentCircuit.Parse("CPE1").Impedance(123.4, [1e-6, 1]));
        // CPE with n = 0.5 at w = 4: 1 / (Q 2 e^{j pi/4}) = (1 - j) / (2 sqrt2 Q).
        AssertClose(new Complex(1, -1) / (2 * Math.Sqrt(2) * 1e-3), EquivalentCircuit.Parse("CPE1").Impedance(4 * f, [1e-3, 0.5]));
        // Warburg at w = 4: sigma (1 - j) / 2.
        AssertClose(new Complex(5, -5), EquivalentCircuit.Parse("W1").Impedance(4 * f, [10]));
        // Gerischer at w tau = 1: R / sqrt(1 + j) = R 2^{-1/4} (cos pi/8 - j sin pi/8).
        var g = 100 * Math.Pow(2, -0.25);
        AssertClose(new Complex(g * Math.Cos(Math.PI / 8), -g * Math.Sin(Math.PI / 8)), EquivalentCircuit.Parse("G1").Impedance(f / 0.01, [100, 0.01]));
        // ZARC at w tau = 1: Z' = R/2, -Z'' = (R/2) tan(phi pi/4).
        AssertClose(new Complex(500, -500 * Math.Tan(0.8 * Math.PI / 4)), EquivalentCircuit.Parse("Zarc1").Impedance(f / 1e-4, [1000, 1e-4, 0.8]));
        // ZARC with phi = 1 is R || C with C = tau / R.
        AssertClose(EquivalentCircuit.Parse("p(R1,C1)").Impedance(37, [1000, 1e-7]), EquivalentCircuit.Parse("Zarc1").Impedance(37, [1000, 1e-4, 1]));
        // Nested groups: p(R1, p(R2, R3) - R4) = 1 / (1/R1 + 1/(R2 R3/(R2 + R3) + R4)) = 1 / (1/60 + 1/(20 + 40)) = 30.
        AssertClose(new Complex(30, 0), EquivalentCircuit.Parse("p(R1,p(R2,R3)-R4)").Impedance(f, [60, 30, 60, 40]));
        // Series adds: R0 + Zarc.
        AssertClose(20 + new Complex(500, -500), EquivalentCircuit.Parse("R0-Zarc1").Impedance(f / 1e-4, [20, 1000, 1e-4, 1]));
    }

    // Finite Warburgs, by their limits: open -> R/3 + R/(j w tau) as w -> 0, short -> R as w -> 0; both tend to the
    // semi-infinite R / sqrt(j w tau) at high frequency. Tolerances from the first neglected series term.
    [Fact]
    public void Impedance_FiniteWarburgs_MatchLimits()
    {
        double r = 200, tau = 0.5;
        var low = 1e-5; // w tau ~ 3e-5
        var w = 2 * Math.PI * low;
        var open = EquivalentCircuit.Parse("Wo1").Impedance(low, [r, tau]);
        AssertClose(r / 3 + r / (Complex.ImaginaryOne * w * tau), open, 1e-8);
        var shortEnd = EquivalentCircuit.Parse("Ws1").Impedance(low, [r, tau]);
        AssertClose(new Complex(r, -r * w * tau / 3), shortEnd, 1e-8);

        var high = 1e5;
        var semi = r / Complex.Sqrt(Complex.ImaginaryOne * 2 * Math.PI * high * tau);
        AssertClose(semi, EquivalentCircuit.Parse("Wo1").Impedance(high, [r, tau]), 1e-12);
        AssertClose(semi, EquivalentCircuit.Parse("Ws1").Impedance(high, [r, tau]), 1e-12);
        // Very large w tau must not overflow.
        Assert.True(double.IsFinite(EquivalentCircuit.Parse("Wo1").Impedance(1e7, [r, 1e4]).Magnitude));
    }

    public static TheoryData<string, double[]> GradientCases => new()
    {
        { "R1", [50] },
        { "C1", [2e-9] },
        { "L1", [3e-6] },
        { "CPE1", [2e-7, 0.85] },
        { "W1", [40] },
        { "Wo1", [300, 0.02] },
        { "Ws1", [300, 0.02] },
        { "G1", [150, 1e-3] },
        { "Zarc1", [1000, 1e-4, 0.8] },
        { "R0-p(R1,CPE1)-CPE2", [20, 3e5, 2e-11, 0.9, 1e-6, 0.8] },
        { "R0-p(R1-Wo2,C3,p(Zarc4,L5-Ws6))-G7-W8", [10, 500, 80, 0.01, 3e-8, 2000, 1e-5, 0.7, 1e-3, 90, 0.002, 40, 5e-4, 30] },
    };

    // Independent check: central differences with relative step h = 1e-6 (absolute for exponents), truncation ~h^2;
    // tolerance 1e-6 x |Z| on p dZ/dp (exponents: on dZ/dn).
    [Theory]
    [MemberData(nameof(GradientCases))]
    public void Gradient_Circuit_MatchesCentralDifferences(string text, double[] values)
    {
        var circuit = EquivalentCircuit.Parse(text);
        var gradient = new Complex[values.Length];
        foreach (var f in new[] { 0.1, 3.7, 250, 1.2e4, 1e6 })
        {
            var z = circuit.Gradient(f, values, gradient);
            Assert.Equal(circuit.Impedance(f, values), z);
            for (var k = 0; k < values.Length; k++)
            {
                var exponent = circuit.Parameters[k].IsExponent;
                var step = exponent ? 1e-6 : values[k] * 1e-6;
                var up = (double[])values.Clone();
                var down = (double[])values.Clone();
                up[k] += step;
                down[k] -= step;
                var numeric = (circuit.Impedance(f, up) - circuit.Impedance(f, down)) / (2 * step);
                var scale = exponent ? 1 : values[k];
                var difference = ((gradient[k] - numeric) * scale).Magnitude;
                Assert.True(
                    difference <= 1e-6 * z.Magnitude,
                    string.Create(CultureInfo.InvariantCulture, $"{text} {circuit.Parameters[k].Name} at {f} Hz: analytic {gradient[k]}, numeric {numeric}"));
            }
        }
    }

    [Fact]
    public void Impedance_WrongValueCount_ThrowsNamingParameters()
    {
        var circuit = EquivalentCircuit.Parse("R0-p(R1,C1)");

        var error = Assert.Throws<ArgumentException>(() => circuit.Impedance(1, [1, 2]));

        Assert.Contains("needs 3 parameter values (R0, R1, C1), got 2", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => circuit.Impedance(-1, [1, 2, 3]));
    }

    private static void AssertClose(Complex expected, Complex actual, double relative = 1e-12)
    {
        Assert.True(
            (expected - actual).Magnitude <= relative * expected.Magnitude,
            string.Create(CultureInfo.InvariantCulture, $"expected {expected}, got {actual}"));
    }
}
