using System.Runtime.CompilerServices;

namespace HalidePortal.Ingest.Text;

/// <summary>
/// A fast path for the numbers instruments write in large exports ("3.4228721E+000", "-0,068", "12"): optional sign,
/// digits with one optional decimal point or comma, optional exponent, nothing else. It answers only when the result
/// is exactly what <see cref="double.Parse(string, IFormatProvider)"/> gives (at most 19 significant digits forming
/// an integer below 2^53, scaled by at most 10^22: one correctly rounded IEEE multiplication or division, Clinger's
/// fast path); anything else returns false and the caller parses the text the usual way.
/// </summary>
internal static class PlainNumber
{
    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ];

    private const ulong ExactIntegerLimit = 1UL << 53;

    /// <summary>True with the value when <paramref name="text"/> is a plain number the fast path can take exactly.</summary>
    // Optimised at first call: it runs millions of times in a worker's first large file, too soon for tiered JIT.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        int i = 0;
        bool negative = false;
        if (text.Length > 0 && (text[0] == (byte)'-' || text[0] == (byte)'+'))
        {
            negative = text[0] == (byte)'-';
            i++;
        }
        ulong mantissa = 0;
        int significant = 0, scale = 0;
        bool anyDigit = false;
        for (; i < text.Length && (uint)(text[i] - '0') <= 9; i++)
        {
            if (!Accumulate(ref mantissa, ref significant, text[i]))
            {
                return false;
            }
            anyDigit = true;
        }
        if (i < text.Length && (text[i] == (byte)'.' || text[i] == (byte)','))
        {
            for (i++; i < text.Length && (uint)(text[i] - '0') <= 9; i++)
            {
                if (!Accumulate(ref mantissa, ref significant, text[i]))
                {
                    return false;
                }
                scale--;
                anyDigit = true;
            }
        }
        if (!anyDigit)
        {
            return false;
        }
        if (i < text.Length && (text[i] | 0x20) == (byte)'e')
        {
            i++;
            bool negativeExponent = false;
            if (i < text.Length && (text[i] == (byte)'-' || text[i] == (byte)'+'))
            {
                negativeExponent = text[i] == (byte)'-';
                i++;
            }
            int exponent = 0, exponentDigits = 0;
            for (; i < text.Length && (uint)(text[i] - '0') <= 9; i++)
            {
                if (++exponentDigits > 4)
                {
                    return false;
                }
                exponent = exponent * 10 + (text[i] - '0');
            }
            if (exponentDigits == 0)
            {
                return false;
            }
            scale += negativeExponent ? -exponent : exponent;
        }
        if (i != text.Length)
        {
            return false;
        }
        if (mantissa == 0)
        {
            value = negative ? -0.0 : 0.0;
            return true;
        }
        if (mantissa > ExactIntegerLimit || scale < -22 || scale > 22)
        {
            return false;
        }
        value = scale >= 0 ? mantissa * PowersOfTen[scale] : mantissa / PowersOfTen[-scale];
        if (negative)
        {
            value = -value;
        }
        return true;
    }

    /// <summary>Appends a digit; leading zeros are not significant. False past 19 significant digits (ulong range).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Accumulate(ref ulong mantissa, ref int significant, byte digit)
    {
        if (mantissa == 0 && digit == (byte)'0')
        {
            return true;
        }
        if (++significant > 19)
        {
            return false;
        }
        mantissa = mantissa * 10 + (ulong)(digit - '0');
        return true;
    }
}
