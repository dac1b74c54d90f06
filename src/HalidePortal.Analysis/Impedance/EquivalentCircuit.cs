using System.Globalization;
using System.Numerics;

namespace HalidePortal.Analysis.Impedance;

/// <summary>The circuit elements the lab fits. Every formula uses w = 2 pi f and j = sqrt(-1).</summary>
public enum CircuitElementKind
{
    /// <summary>Resistor: Z = R.</summary>
    Resistor = 0,
    /// <summary>Capacitor: Z = 1 / (j w C).</summary>
    Capacitor = 1,
    /// <summary>Inductor: Z = j w L.</summary>
    Inductor = 2,
    /// <summary>Constant phase element: Z = 1 / (Q (j w)^n), n in (0, 1].</summary>
    ConstantPhase = 3,
    /// <summary>Semi-infinite Warburg: Z = sigma (1 - j) / sqrt(w).</summary>
    Warburg = 4,
    /// <summary>Finite-length Warburg with a reflecting (open) end: Z = R coth(sqrt(j w tau)) / sqrt(j w tau).</summary>
    WarburgOpen = 5,
    /// <summary>Finite-length Warburg with a transmitting (short) end: Z = R tanh(sqrt(j w tau)) / sqrt(j w tau).</summary>
    WarburgShort = 6,
    /// <summary>Gerischer: Z = R / sqrt(1 + j w tau) (Z(0) = R, characteristic time tau).</summary>
    Gerischer = 7,
    /// <summary>ZARC (R parallel to a CPE in Cole-Cole form): Z = R / (1 + (j w tau)^phi), phi in (0, 1].</summary>
    Zarc = 8,
}

/// <summary>
/// One fit parameter of a circuit. Name is the element name for one-parameter elements (R1, C2, L3, W4) and
/// element.parameter otherwise (CPE1.Q, CPE1.n, Wo1.R, Wo1.tau, Zarc1.phi). IsExponent marks the dimensionless
/// exponents n and phi, which the fit keeps inside their bounds directly; all other parameters are positive and
/// fitted by their logarithm.
/// </summary>
public sealed record CircuitParameter(
    string Name,
    string Element,
    CircuitElementKind Kind,
    string Unit,
    double LowerBound,
    double UpperBound,
    bool IsExponent);

/// <summary>
/// An equivalent circuit parsed from the usual text form: elements joined in series by '-', parallel branches as
/// p(a,b,...), nested freely, e.g. "R0-p(R1,CPE1)-CPE2". Elements are R, C, L, CPE, W, Wo, Ws, G, Zarc, each followed
/// by the number the user gives it; parameters are ordered as the elements are written.
/// </summary>
public sealed class EquivalentCircuit
{
    private readonly Node root;

    private EquivalentCircuit(string text, Node root, List<CircuitParameter> parameters)
    {
        Text = text;
        this.root = root;
        Parameters = parameters;
    }

    /// <summary>The circuit as written (whitespace removed).</summary>
    public string Text { get; }

    /// <summary>Parameters in the order the elements appear, with units and default bounds.</summary>
    public IReadOnlyList<CircuitParameter> Parameters { get; }

    public override string ToString() => Text;

    /// <summary>The terms joined in series at the top level: (is a parallel group, first parameter, parameter count).</summary>
    internal IReadOnlyList<(bool IsParallel, int FirstParameter, int ParameterCount)> SeriesTerms =>
        [.. (root is Series series ? series.Parts : [root]).Select(n => (n is Parallel, n.FirstParameter, n.ParameterCount))];

    /// <summary>Position of a parameter by name (ordinal), or -1.</summary>
    public int IndexOf(string parameterName)
    {
        for (var i = 0; i < Parameters.Count; i++)
        {
            if (string.Equals(Parameters[i].Name, parameterName, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>
    /// Parses circuit := branch; branch := term ('-' term)*; term := element | 'p(' branch (',' branch)+ ')';
    /// element := type number. Whitespace is ignored; element types are case-insensitive; names must be unique.
    /// </summary>
    public static EquivalentCircuit Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(text);
        var root = parser.ParseCircuit();
        return new EquivalentCircuit(parser.Canonical(), root, parser.Parameters);
    }

    /// <summary>
    /// Z(f) of the circuit: series elements add, parallel branches add admittances, Z = 1 / sum(1 / Z_i).
    /// Values are in the order of <see cref="Parameters"/>.
    /// </summary>
    public Complex Impedance(double frequencyHz, ReadOnlySpan<double> values)
    {
        CheckValues(frequencyHz, values);
        return root.Evaluate(2 * Math.PI * frequencyHz, values, Span<Complex>.Empty);
    }

    /// <summary>
    /// Z(f) and the analytic derivatives dZ/dp_k for every parameter, written to gradient (length = parameter count).
    /// In a parallel group dZ/dp = (Z / Z_i)^2 dZ_i/dp for a parameter of branch i.
    /// </summary>
    public Complex Gradient(double frequencyHz, ReadOnlySpan<double> values, Span<Complex> gradient)
    {
        CheckValues(frequencyHz, values);
        if (gradient.Length != Parameters.Count)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"gradient must hold {Parameters.Count} values (one per parameter of {Text}), got {gradient.Length}"),
                nameof(gradient));
        }
        return root.Evaluate(2 * Math.PI * frequencyHz, values, gradient);
    }

    private void CheckValues(double frequencyHz, ReadOnlySpan<double> values)
    {
        if (!(frequencyHz > 0) || !double.IsFinite(frequencyHz))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"frequency must be a finite number above 0 Hz, got {frequencyHz}"),
                nameof(frequencyHz));
        }
        if (values.Length != Parameters.Count)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{Text} needs {Parameters.Count} parameter values ({string.Join(", ", Parameters.Select(p => p.Name))}), got {values.Length}"),
                nameof(values));
        }
    }

    private abstract class Node
    {
        /// <summary>Z at angular frequency w; when gradient is not empty, fills its entries for this node's parameters.</summary>
        public abstract Complex Evaluate(double w, ReadOnlySpan<double> values, Span<Complex> gradient);

        public int FirstParameter { get; init; }

        public int ParameterCount { get; init; }
    }

    private sealed class Series(List<Node> parts) : Node
    {
        public IReadOnlyList<Node> Parts => parts;

        public override Complex Evaluate(double w, ReadOnlySpan<double> values, Span<Complex> gradient)
        {
            var z = Complex.Zero;
            foreach (var part in parts)
            {
                z += part.Evaluate(w, values, gradient);
            }
            return z;
        }
    }

    private sealed class Parallel(List<Node> branches) : Node
    {
        public override Complex Evaluate(double w, ReadOnlySpan<double> values, Span<Complex> gradient)
        {
            Span<Complex> branchZ = branches.Count <= 16 ? stackalloc Complex[branches.Count] : new Complex[branches.Count];
            var y = Complex.Zero;
            for (var i = 0; i < branches.Count; i++)
            {
                branchZ[i] = branches[i].Evaluate(w, values, gradient);
                y += 1 / branchZ[i];
            }
            var z = 1 / y;
            if (!gradient.IsEmpty)
            {
                for (var i = 0; i < branches.Count; i++)
                {
                    var ratio = z / branchZ[i];
                    var factor = ratio * ratio;
                    var branch = branches[i];
                    for (var k = branch.FirstParameter; k < branch.FirstParameter + branch.ParameterCount; k++)
                    {
                        gradient[k] *= factor;
                    }
                }
            }
            return z;
        }
    }

    private sealed class Element(CircuitElementKind kind) : Node
    {
        private static readonly Complex J = Complex.ImaginaryOne;

        public override Complex Evaluate(double w, ReadOnlySpan<double> values, Span<Complex> gradient)
        {
            var k = FirstParameter;
            var a = values[k];
            var withGradient = !gradient.IsEmpty;
            Complex z;
            switch (kind)
            {
                case CircuitElementKind.Resistor:
                    z = a;
                    if (withGradient) { gradient[k] = 1; }
                    return z;
                case CircuitElementKind.Capacitor:
                    z = 1 / (J * w * a);
                    if (withGradient) { gradient[k] = -z / a; }
                    return z;
                case CircuitElementKind.Inductor:
                    z = J * w * a;
                    if (withGradient) { gradient[k] = J * w; }
                    return z;
                case CircuitElementKind.ConstantPhase:
                {
                    var n = values[k + 1];
                    // ln(j w) = ln w + j pi/2 exactly, so (j w)^n needs no complex logarithm.
                    var logJw = new Complex(Math.Log(w), Math.PI / 2);
                    z = Complex.Exp(-n * logJw) / a;
                    if (withGradient)
                    {
                        gradient[k] = -z / a;
                        gradient[k + 1] = -z * logJw;
                    }
                    return z;
                }
                case CircuitElementKind.Warburg:
                    z = new Complex(a, -a) / Math.Sqrt(w);
                    if (withGradient) { gradient[k] = z / a; }
                    return z;
                case CircuitElementKind.WarburgOpen:
                case CircuitElementKind.WarburgShort:
                {
                    var tau = values[k + 1];
                    // sqrt(j w tau) = sqrt(w tau / 2) (1 + j).
                    var s = Math.Sqrt(w * tau / 2);
                    var x = new Complex(s, s);
                    var t = Tanh(x);
                    if (kind == CircuitElementKind.WarburgOpen)
                    {
                        var coth = 1 / t;
                        z = a * coth / x;
                        if (withGradient)
                        {
                            // d/dtau [coth(x)/x] with dx/dtau = x / (2 tau) and d coth/dx = -(coth^2 - 1).
                            gradient[k] = z / a;
                            gradient[k + 1] = a * (-x * (coth * coth - 1) - coth) / (2 * tau * x);
                        }
                    }
                    else
                    {
                        z = a * t / x;
                        if (withGradient)
                        {
                            gradient[k] = z / a;
                            gradient[k + 1] = a * (x * (1 - t * t) - t) / (2 * tau * x);
                        }
                    }
                    return z;
                }
                case CircuitElementKind.Gerischer:
                {
                    var tau = values[k + 1];
                    var u = 1 + J * w * tau;
                    z = a / Complex.Sqrt(u);
                    if (withGradient)
                    {
                        gradient[k] = z / a;
                        gradient[k + 1] = -z * J * w / (2 * u);
                    }
                    return z;
                }
                case CircuitElementKind.Zarc:
                {
                    var tau = values[k + 1];
                    var phi = values[k + 2];
                    var logJwTau = new Complex(Math.Log(w * tau), Math.PI / 2);
                    var u = Complex.Exp(phi * logJwTau);
                    var d = 1 + u;
                    z = a / d;
                    if (withGradient)
                    {
                        var dzdu = -a / (d * d);
                        gradient[k] = 1 / d;
                        gradient[k + 1] = dzdu * phi * u / tau;
                        gradient[k + 2] = dzdu * u * logJwTau;
                    }
                    return z;
                }
                default:
                    throw new InvalidOperationException("unknown element kind");
            }
        }

        /// <summary>tanh for Re x &gt;= 0 without overflow: (1 - e^-2x) / (1 + e^-2x), a short series near 0.</summary>
        private static Complex Tanh(Complex x)
        {
            if (x.Magnitude < 1e-3)
            {
                var x2 = x * x;
                return x * (1 - x2 / 3 + 2 * x2 * x2 / 15);
            }
            var e = Complex.Exp(-2 * x);
            return (1 - e) / (1 + e);
        }
    }

    private sealed class Parser(string text)
    {
        private static readonly (string Type, CircuitElementKind Kind, (string Suffix, string Unit, bool Exponent)[] Parameters)[] Types =
        [
            ("R", CircuitElementKind.Resistor, [("", "Ohm", false)]),
            ("C", CircuitElementKind.Capacitor, [("", "F", false)]),
            ("L", CircuitElementKind.Inductor, [("", "H", false)]),
            ("CPE", CircuitElementKind.ConstantPhase, [(".Q", "F s^(n-1)", false), (".n", "1", true)]),
            ("W", CircuitElementKind.Warburg, [("", "Ohm s^-1/2", false)]),
            ("Wo", CircuitElementKind.WarburgOpen, [(".R", "Ohm", false), (".tau", "s", false)]),
            ("Ws", CircuitElementKind.WarburgShort, [(".R", "Ohm", false), (".tau", "s", false)]),
            ("G", CircuitElementKind.Gerischer, [(".R", "Ohm", false), (".tau", "s", false)]),
            ("Zarc", CircuitElementKind.Zarc, [(".R", "Ohm", false), (".tau", "s", false), (".phi", "1", true)]),
        ];

        private readonly HashSet<string> elementNames = new(StringComparer.Ordinal);
        private int position;

        public List<CircuitParameter> Parameters { get; } = [];

        public string Canonical() => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

        public Node ParseCircuit()
        {
            SkipSpace();
            if (position >= text.Length)
            {
                throw Error("an element (R, C, L, CPE, W, Wo, Ws, G, Zarc) or p(", "an empty circuit");
            }
            var node = ParseBranch();
            SkipSpace();
            if (position < text.Length)
            {
                throw Error("'-' or the end of the circuit", Found());
            }
            return node;
        }

        private Node ParseBranch()
        {
            var first = Parameters.Count;
            var parts = new List<Node> { ParseTerm() };
            SkipSpace();
            while (position < text.Length && text[position] == '-')
            {
                position++;
                parts.Add(ParseTerm());
                SkipSpace();
            }
            return parts.Count == 1 ? parts[0] : new Series(parts) { FirstParameter = first, ParameterCount = Parameters.Count - first };
        }

        private Node ParseTerm()
        {
            SkipSpace();
            var start = position;
            while (position < text.Length && char.IsAsciiLetter(text[position]))
            {
                position++;
            }
            var type = text[start..position];
            if (type.Length == 0)
            {
                position = start;
                throw Error("an element (R, C, L, CPE, W, Wo, Ws, G, Zarc) or p(", Found());
            }
            SkipSpace();
            if (string.Equals(type, "p", StringComparison.Ordinal) && position < text.Length && text[position] == '(')
            {
                return ParseParallel();
            }
            var index = Array.FindIndex(Types, t => string.Equals(t.Type, type, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                position = start;
                throw Error("an element (R, C, L, CPE, W, Wo, Ws, G, Zarc) or p(", $"'{type}'");
            }
            var numberStart = position;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                position++;
            }
            if (position == numberStart)
            {
                throw Error($"the number of element {Types[index].Type} (as in {Types[index].Type}1)", Found());
            }
            var name = Types[index].Type + text[numberStart..position];
            if (!elementNames.Add(name))
            {
                position = start;
                throw Error("a new element name", $"{name} a second time");
            }
            var first = Parameters.Count;
            foreach (var (suffix, unit, exponent) in Types[index].Parameters)
            {
                Parameters.Add(new CircuitParameter(
                    name + suffix, name, Types[index].Kind, unit, 0, exponent ? 1 : double.PositiveInfinity, exponent));
            }
            return new Element(Types[index].Kind) { FirstParameter = first, ParameterCount = Parameters.Count - first };
        }

        private Node ParseParallel()
        {
            var first = Parameters.Count;
            position++; // '('
            var branches = new List<Node> { ParseBranch() };
            SkipSpace();
            while (position < text.Length && text[position] == ',')
            {
                position++;
                branches.Add(ParseBranch());
                SkipSpace();
            }
            if (position >= text.Length || text[position] != ')')
            {
                throw Error(branches.Count == 1 ? "',' (a parallel group needs two branches)" : "',' or ')'", Found());
            }
            if (branches.Count == 1)
            {
                throw Error("',' (a parallel group needs two branches)", Found());
            }
            position++;
            return new Parallel(branches) { FirstParameter = first, ParameterCount = Parameters.Count - first };
        }

        private void SkipSpace()
        {
            while (position < text.Length && char.IsWhiteSpace(text[position]))
            {
                position++;
            }
        }

        private string Found() => position >= text.Length ? "the end of the text" : $"'{text[position]}'";

        /// <summary>Positions are 1-based character positions in the text as given.</summary>
        private ArgumentException Error(string expected, string found) =>
            new(string.Create(CultureInfo.InvariantCulture, $"circuit \"{text}\" at position {position + 1}: expected {expected}, found {found}"), "text");
    }
}
