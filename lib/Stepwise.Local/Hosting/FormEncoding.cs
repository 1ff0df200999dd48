using System.Text;

namespace Stepwise.Local.Hosting;

/// <summary>Strict <c>application/x-www-form-urlencoded</c> and percent-decoding: a <c>%</c> not followed by two hex
/// digits, or bytes that are not UTF-8, are a <see cref="FormatException"/> (the caller's 400), never decoded by guess.</summary>
internal static class FormEncoding
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Appends the <c>name=value</c> pairs of <paramref name="form"/> in order (<c>+</c> is a space; a pair
    /// without <c>=</c> has an empty value; empty pairs are skipped).</summary>
    public static void Parse(ReadOnlySpan<byte> form, List<KeyValuePair<string, string>> parameters)
    {
        while (!form.IsEmpty)
        {
            var amp = form.IndexOf((byte)'&');
            var pair = amp < 0 ? form : form[..amp];
            form = amp < 0 ? [] : form[(amp + 1)..];
            if (pair.IsEmpty)
                continue;
            var equals = pair.IndexOf((byte)'=');
            var name = Decode(equals < 0 ? pair : pair[..equals], plusIsSpace: true);
            var value = equals < 0 ? "" : Decode(pair[(equals + 1)..], plusIsSpace: true);
            parameters.Add(new(name, value));
        }
    }

    /// <summary>Percent-decodes one component (a URI label, a query parameter) as UTF-8.</summary>
    public static string Decode(ReadOnlySpan<byte> text, bool plusIsSpace)
    {
        if (text.IndexOfAny((byte)'%', (byte)'+') < 0)
            return ToString(text);
        var bytes = new byte[text.Length];
        var length = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var b = text[i];
            if (b == '%')
            {
                if (i + 2 >= text.Length || !IsHex(text[i + 1]) || !IsHex(text[i + 2]))
                    throw new FormatException($"Malformed percent-encoding at '{Excerpt(text[i..])}': '%' must be followed by two hex digits.");
                bytes[length++] = (byte)((Hex(text[i + 1]) << 4) | Hex(text[i + 2]));
                i += 2;
            }
            else
            {
                bytes[length++] = plusIsSpace && b == '+' ? (byte)' ' : b;
            }
        }
        return ToString(bytes.AsSpan(0, length));
    }

    /// <summary>Percent-decodes one component given as text (Kestrel hands over the raw target as a string).</summary>
    public static string Decode(string text, bool plusIsSpace) =>
        text.AsSpan().IndexOfAny('%', '+') < 0 ? text : Decode(Encoding.UTF8.GetBytes(text), plusIsSpace);

    private static string ToString(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return Utf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new FormatException("The request's parameters are not UTF-8 once percent-decoded.");
        }
    }

    private static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

    private static int Hex(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;

    private static string Excerpt(ReadOnlySpan<byte> text) => Encoding.UTF8.GetString(text[..Math.Min(text.Length, 12)]);
}
