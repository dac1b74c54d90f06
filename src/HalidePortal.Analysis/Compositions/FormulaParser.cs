using System.Globalization;

namespace HalidePortal.Analysis.Compositions;

/// <summary>Recursive-descent parser behind <see cref="ChemicalFormula.Parse"/>; positions index the raw text.</summary>
internal sealed class FormulaParser
{
    private readonly string _text;
    private int _pos;

    private FormulaParser(string text) => _text = text;

    public static (IReadOnlyList<ElementAmount>? Elements, FormulaError? Error) Parse(string text)
    {
        var parser = new FormulaParser(text);
        try
        {
            var items = parser.ParseSequence(closer: null, openPosition: -1);
            if (items.Count == 0)
            {
                return (null, new FormulaError("empty formula at position 0", 0, text));
            }

            return (Merge(items), null);
        }
        catch (FailureException failure)
        {
            return (null, new FormulaError(failure.Message, failure.Position, text));
        }
    }

    private static List<ElementAmount> Merge(List<ElementAmount> items)
    {
        var merged = new List<ElementAmount>();
        foreach (var item in items)
        {
            var index = merged.FindIndex(m => string.Equals(m.Symbol, item.Symbol, StringComparison.Ordinal));
            if (index < 0)
            {
                merged.Add(item);
            }
            else
            {
                merged[index] = merged[index] with { Amount = merged[index].Amount + item.Amount };
            }
        }

        return merged;
    }

    private List<ElementAmount> ParseSequence(char? closer, int openPosition)
    {
        var items = new List<ElementAmount>();
        while (true)
        {
            SkipWhiteSpace();
            if (_pos >= _text.Length)
            {
                if (closer is not null)
                {
                    Fail($"unclosed '{_text[openPosition]}' at position {openPosition}", openPosition);
                }

                return items;
            }

            var c = _text[_pos];
            if (c is '(' or '[')
            {
                var open = _pos++;
                var inner = ParseSequence(c == '(' ? ')' : ']', open);
                if (inner.Count == 0)
                {
                    Fail($"empty group '{c}{_text[_pos - 1]}' at position {open}", open);
                }

                var multiplier = ParseOptionalSubscript();
                items.AddRange(inner.Select(e => e with { Amount = e.Amount * multiplier }));
            }
            else if (c is ')' or ']')
            {
                if (closer is null)
                {
                    Fail($"unmatched '{c}' at position {_pos}", _pos);
                }

                if (c != closer)
                {
                    Fail($"'{_text[openPosition]}' at position {openPosition} is closed by '{c}' at position {_pos}", _pos);
                }

                _pos++;
                return items;
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                items.Add(ParseElement());
            }
            else if (char.IsAsciiLetterLower(c))
            {
                var start = _pos;
                var run = ReadWhile(char.IsAsciiLetter);
                Fail($"element symbol must start with an uppercase letter, found '{run}' at position {start}", start);
            }
            else if (char.IsAsciiDigit(c) || c == '.')
            {
                Fail($"number without an element before it at position {_pos}", _pos);
            }
            else
            {
                // A hydrate dot or other separator would need a second grammar level; say so plainly.
                var hint = c is '·' or '*' or '•' ? " (hydrate notation is not supported)" : "";
                Fail($"unexpected character '{c}' at position {_pos}{hint}", _pos);
            }
        }
    }

    private ElementAmount ParseElement()
    {
        var start = _pos;
        _pos++;
        // Symbols have at most two letters, so "Zrcl4" reads Zr and then complains about "cl".
        if (_pos < _text.Length && char.IsAsciiLetterLower(_text[_pos]))
        {
            _pos++;
        }

        var symbol = _text[start.._pos];
        if (!AtomicWeights.IsElement(symbol))
        {
            Fail($"unknown element '{symbol}' at position {start}", start);
        }

        return new ElementAmount(symbol, ParseOptionalSubscript());
    }

    private double ParseOptionalSubscript()
    {
        SkipWhiteSpace();
        if (_pos >= _text.Length)
        {
            return 1;
        }

        var c = _text[_pos];
        if (c == '-' && _pos + 1 < _text.Length && (char.IsAsciiDigit(_text[_pos + 1]) || _text[_pos + 1] == '.'))
        {
            Fail($"negative subscript at position {_pos}", _pos);
        }

        if (!char.IsAsciiDigit(c) && c != '.')
        {
            return 1;
        }

        var start = _pos;
        var run = ReadWhile(ch => char.IsAsciiDigit(ch) || ch == '.');
        if (run.Count(ch => ch == '.') > 1)
        {
            Fail($"malformed number '{run}' at position {start}", start);
        }

        if (run == ".")
        {
            Fail($"empty subscript '.' at position {start}", start);
        }

        if (run.EndsWith('.'))
        {
            Fail($"empty subscript: no digits after '{run}' at position {_pos - 1}", _pos - 1);
        }

        var value = double.Parse(run, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        if (!double.IsFinite(value))
        {
            Fail($"malformed number '{run}' at position {start}: too large", start);
        }

        if (value == 0)
        {
            Fail($"zero subscript '{run}' at position {start}", start);
        }

        return value;
    }

    private string ReadWhile(Func<char, bool> accept)
    {
        var start = _pos;
        while (_pos < _text.Length && accept(_text[_pos]))
        {
            _pos++;
        }

        return _text[start.._pos];
    }

    private void SkipWhiteSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Fail(string message, int position) => throw new FailureException(message, position);

    // Unwinds the recursion to Parse, which turns it into a FormulaError; never escapes this class.
    private sealed class FailureException(string message, int position) : Exception(message)
    {
        public int Position { get; } = position;
    }
}
