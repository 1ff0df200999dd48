using System.Text;

namespace Stepwise.Interactive.Diagrams.Layout;

/// <summary>
/// Estimates text size without a font engine: SVG is sized before any browser sees it, so widths are
/// approximated per character class (about 7px per character at 12px, a little generous so that text
/// set in a wider fallback font still fits).
/// </summary>
internal static class TextMeasure
{
    public const double FontSize = 12;

    public const double LineHeight = 15;

    private const string BreakAfter = " _-./:,;)";

    public static double Width(string text, double fontSize = FontSize, bool bold = false)
    {
        double width = 0;
        foreach (var c in text)
        {
            width += CharWidth(c);
        }

        return width * (fontSize / FontSize) * (bold ? 1.1 : 1.0);
    }

    /// <summary>Wraps at break characters into at most <paramref name="maxLines"/> lines of at most <paramref name="maxChars"/> characters.</summary>
    public static TextBlock Wrap(string text, int maxChars, int maxLines, double fontSize = FontSize, bool bold = false)
    {
        var clean = Clean(text);
        var lines = new List<string>();
        var rest = clean;
        while (rest.Length > 0 && lines.Count < maxLines)
        {
            if (rest.Length <= maxChars)
            {
                lines.Add(rest);
                rest = string.Empty;
                break;
            }

            var cut = BreakPoint(rest, maxChars);
            lines.Add(rest[..cut].TrimEnd());
            rest = rest[cut..].TrimStart();
        }

        var truncated = rest.Length > 0;
        if (truncated)
        {
            var last = lines[^1];
            lines[^1] = (last.Length >= maxChars ? last[..SafeCut(last, maxChars - 1)] : last).TrimEnd() + "…";
        }

        if (lines.Count == 0)
        {
            lines.Add(string.Empty);
        }

        var width = lines.Max(line => Width(line, fontSize, bold));
        var lineHeight = LineHeight * fontSize / FontSize;
        return new TextBlock(lines, clean, truncated, width, lines.Count * lineHeight);
    }

    /// <summary>Where to end a line: after the last space in its second half, else after another break character, else hard.</summary>
    private static int BreakPoint(string text, int maxChars)
    {
        foreach (var breaks in new[] { " ", BreakAfter })
        {
            for (var i = maxChars; i >= maxChars / 2; i--)
            {
                if (breaks.Contains(text[i - 1]) || (i < text.Length && text[i] == ' '))
                {
                    return i;
                }
            }
        }

        return SafeCut(text, maxChars);
    }

    /// <summary>Moves a cut that would split a surrogate pair one character left.</summary>
    private static int SafeCut(string text, int index) =>
        index > 0 && index < text.Length && char.IsLowSurrogate(text[index]) ? index - 1 : index;

    /// <summary>Collapses whitespace and drops characters that XML cannot carry (controls, lone surrogates).</summary>
    private static string Clean(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                AppendWord(builder, ref pendingSpace, text.AsSpan(i, 2));
                i++;
            }
            else if (char.IsWhiteSpace(c) || char.IsControl(c) || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF')
            {
                pendingSpace = builder.Length > 0;
            }
            else
            {
                AppendWord(builder, ref pendingSpace, text.AsSpan(i, 1));
            }
        }

        return builder.ToString();
    }

    private static void AppendWord(StringBuilder builder, ref bool pendingSpace, ReadOnlySpan<char> chars)
    {
        if (pendingSpace)
        {
            builder.Append(' ');
            pendingSpace = false;
        }

        builder.Append(chars);
    }

    private static double CharWidth(char c) => c switch
    {
        'i' or 'j' or 'l' or '.' or ',' or ':' or ';' or '\'' or '|' or '!' => 3.6,
        ' ' => 3.9,
        'f' or 't' or 'r' or 'I' or '(' or ')' or '[' or ']' or '{' or '}' or '/' or '\\' or '"' => 5.0,
        'm' or 'w' => 10.6,
        'M' or 'W' or '@' or '%' => 11.2,
        >= 'A' and <= 'Z' => 8.6,
        >= '0' and <= '9' => 7.7,
        >= 'a' and <= 'z' => 7.3,
        < '\u0080' => 8.0,
        >= '\u2E80' => 12.0,
        _ => 8.0,
    };
}
