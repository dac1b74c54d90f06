namespace HalidePortal.Analysis.Compositions;

/// <summary>How far one element of the target is from what the precursors achieve, per formula unit.</summary>
public sealed record ElementResidual(string Element, double Target, double Achieved)
{
    /// <summary>Achieved - Target: negative when short, positive in excess.</summary>
    public double Difference => Achieved - Target;
}

/// <summary>The chosen precursors cannot make the target exactly; <see cref="LeftOver"/> says where they miss.</summary>
public sealed class UnreachableTargetException : Exception
{
    public UnreachableTargetException(string message, IReadOnlyList<ElementResidual> leftOver)
        : base(message)
    {
        LeftOver = leftOver ?? throw new ArgumentNullException(nameof(leftOver));
    }

    public IReadOnlyList<ElementResidual> LeftOver { get; }
}

/// <summary>
/// More precursors than independent element balances, so their amounts are not unique;
/// <see cref="Redundant"/> names the precursors that are combinations of those listed before them.
/// </summary>
public sealed class AmbiguousPrecursorsException : ArgumentException
{
    public AmbiguousPrecursorsException(string message, IReadOnlyList<string> redundant, string? paramName)
        : base(message, paramName)
    {
        Redundant = redundant ?? throw new ArgumentNullException(nameof(redundant));
    }

    public IReadOnlyList<string> Redundant { get; }
}
