namespace HalidePortal.Analysis.Compositions;

/// <summary>Why a formula did not parse: a one-line message and the 0-based character it points at.</summary>
public sealed record FormulaError(string Message, int Position, string Formula)
{
    /// <summary>The formula with a caret under the offending character, e.g. "Li2Xx\n   ^".</summary>
    public string Pointer
    {
        get
        {
            // Whitespace (tabs included) is shown as one space so the caret stays aligned.
            var line = new string(Formula.Select(c => char.IsWhiteSpace(c) ? ' ' : c).ToArray());
            return line + "\n" + new string(' ', Math.Clamp(Position, 0, Formula.Length)) + "^";
        }
    }
}

/// <summary>A formula that does not parse; <see cref="Error"/> says where and why.</summary>
public sealed class FormulaParseException : FormatException
{
    public FormulaParseException(FormulaError error)
        : base((error ?? throw new ArgumentNullException(nameof(error))).Message + "\n" + error.Pointer)
    {
        Error = error;
    }

    public FormulaError Error { get; }
}
