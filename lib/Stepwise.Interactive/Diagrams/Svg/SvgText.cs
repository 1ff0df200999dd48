using System.Globalization;
using System.Text;

namespace Stepwise.Interactive.Diagrams.Svg;

/// <summary>Formats numbers and escapes text for SVG markup.</summary>
internal static class SvgText
{
    /// <summary>A coordinate with at most one decimal, invariant culture.</summary>
    public static string Num(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>Escapes markup characters and drops characters XML 1.0 cannot carry; newlines and tabs are kept.</summary>
    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '"': builder.Append("&quot;"); break;
                case '\'': builder.Append("&#39;"); break;
                case '\n' or '\t': builder.Append(c); break;
                case '\r': break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        builder.Append(c).Append(text[++i]);
                    }
                    else if (!char.IsControl(c) && !char.IsSurrogate(c) && c is not ('\uFFFE' or '\uFFFF'))
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.ToString();
    }
}
