using System.Globalization;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepwise.Interactive.Json;

/// <summary>
/// JSON as static HTML: pretty-printed and HTML-escaped in a <c>&lt;pre&gt;</c>, folded into a <c>&lt;details&gt;</c>
/// (no script) when it is long. A notebook cell whose value is a <see cref="JsonNode"/> shows this instead of
/// .NET Interactive's recursive Parent/Root tree.
/// </summary>
public sealed record JsonView(string Html)
{
    /// <summary>Lines above which the JSON is folded (the summary line stays visible).</summary>
    public const int DefaultFoldAboveLines = 30;

    static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        // Keep non-ASCII text readable; HTML escaping is done after, on the whole text.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The view of <paramref name="node"/> (null is JSON's null).</summary>
    /// <param name="node">The JSON.</param>
    /// <param name="foldAboveLines">Fold into a closed <c>&lt;details&gt;</c> above this many lines; 0 never folds.</param>
    /// <param name="open">Fold, but start unfolded.</param>
    public static JsonView Of(JsonNode? node, int foldAboveLines = DefaultFoldAboveLines, bool open = false)
    {
        var text = node is null ? "null" : node.ToJsonString(Indented);
        int lines = text.Count(c => c == '\n') + 1;
        var pre = $"<pre style=\"margin:0;font-family:monospace;font-size:12px;line-height:1.35;white-space:pre-wrap;word-break:break-word\">{WebUtility.HtmlEncode(text)}</pre>";
        if (foldAboveLines <= 0 || lines <= foldAboveLines)
            return new JsonView(pre);
        var summary = WebUtility.HtmlEncode(Summary(node, lines, text.Length));
        return new JsonView($"<details{(open ? " open" : "")}><summary style=\"cursor:pointer;font-family:monospace;font-size:12px\">{summary}</summary>{pre}</details>");
    }

    /// <summary>Parses JSON text and shows it.</summary>
    public static JsonView Parse(string json, int foldAboveLines = DefaultFoldAboveLines) => Of(JsonNode.Parse(json), foldAboveLines);

    static string Summary(JsonNode? node, int lines, int chars)
    {
        var size = chars < 1024 ? $"{chars} B" : (chars / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KB";
        return node switch
        {
            JsonObject o => $"{{…}} {o.Count} keys: {string.Join(", ", o.Select(p => p.Key).Take(6))}{(o.Count > 6 ? ", …" : "")} ({lines} lines, {size})",
            JsonArray a => $"[…] {a.Count} items ({lines} lines, {size})",
            _ => $"JSON ({lines} lines, {size})",
        };
    }

    /// <inheritdoc />
    public override string ToString() => Html;
}
