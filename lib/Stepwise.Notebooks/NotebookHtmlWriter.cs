using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Stepwise.Notebooks;

/// <summary>
/// Renders an executed notebook (nbformat 4 JSON) as one self-contained HTML page: markdown cells through Markdig,
/// code cells with their outputs inline, a small inline stylesheet, and no script or external resource, so the page
/// opens offline, from a file, in any browser.
/// </summary>
/// <remarks>
/// Outputs are shown in Jupyter's order of preference: <c>text/html</c> (kept as the kernel wrote it, less any
/// script), <c>text/markdown</c>, <c>image/svg+xml</c> inline, <c>image/png</c> and <c>image/jpeg</c> as
/// <c>data:</c> URIs, JSON and <c>text/plain</c> escaped in a <c>&lt;pre&gt;</c>. Markdown images that point at
/// the web become links; relative ones are inlined from the notebook's folder when the file exists.
/// </remarks>
public static partial class NotebookHtmlWriter
{
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseAutoIdentifiers()
        .UseTaskLists()
        .UseAutoLinks()
        // Raw HTML in a markdown cell is shown escaped: the page must carry no script, whatever a cell says.
        .DisableHtml()
        .Build();

    /// <summary>The page for <paramref name="notebook"/>; <paramref name="status"/> (e.g. <c>OK</c>) is shown under the title when given.</summary>
    public static string Render(JsonObject notebook, string name, string? status = null, string? notebookFolder = null)
    {
        var cells = notebook["cells"] as JsonArray ?? throw new InvalidDataException($"{name}: not a Jupyter notebook (no \"cells\" array).");
        var body = new StringBuilder();
        string? title = null;
        var index = 0;
        foreach (var cell in cells.OfType<JsonObject>())
        {
            index++;
            var source = Text(cell["source"]);
            switch ((string?)cell["cell_type"])
            {
                case "markdown":
                    title ??= FirstHeading(source);
                    body.Append("<section class=\"cell markdown\" id=\"cell-").Append(index).Append("\">\n")
                        .Append(RenderMarkdown(source, notebookFolder)).Append("</section>\n");
                    break;
                case "code":
                    AppendCodeCell(body, cell, index, source);
                    break;
                default:
                    body.Append("<section class=\"cell raw\" id=\"cell-").Append(index).Append("\"><pre>")
                        .Append(Escape(source)).Append("</pre></section>\n");
                    break;
            }
        }

        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Escape(title ?? name)).Append("</title>\n")
            .Append("<style>\n").Append(Stylesheet).Append("</style>\n</head>\n<body>\n<main>\n")
            .Append("<header><p class=\"notebook-name\">").Append(Escape(name)).Append("</p>");
        if (status is not null)
            page.Append("<p class=\"status ").Append(status.StartsWith("OK", StringComparison.Ordinal) ? "ok" : "failed").Append("\">")
                .Append(Escape(status)).Append("</p>");
        page.Append("</header>\n").Append(body).Append("</main>\n</body>\n</html>\n");
        return page.ToString();
    }

    /// <summary>Reads the executed notebook at <paramref name="notebookPath"/> and writes its page to <paramref name="htmlPath"/>.</summary>
    public static async Task WriteAsync(string notebookPath, string htmlPath, string? status = null, string? sourceFolder = null, CancellationToken ct = default)
    {
        var notebook = JsonNode.Parse(await File.ReadAllTextAsync(notebookPath, ct)) as JsonObject
                       ?? throw new InvalidDataException($"{notebookPath}: not a Jupyter notebook (top level is not a JSON object).");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(htmlPath))!);
        await File.WriteAllTextAsync(htmlPath,
            Render(notebook, Path.GetFileNameWithoutExtension(notebookPath), status, sourceFolder ?? Path.GetDirectoryName(Path.GetFullPath(notebookPath))), ct);
    }

    private static void AppendCodeCell(StringBuilder body, JsonObject cell, int index, string source)
    {
        var count = cell["execution_count"] is JsonValue v && v.TryGetValue<int>(out var n) ? n.ToString(CultureInfo.InvariantCulture) : " ";
        body.Append("<section class=\"cell code\" id=\"cell-").Append(index).Append("\">\n")
            .Append("<div class=\"prompt\">In [").Append(count).Append("]:</div>\n")
            .Append("<pre class=\"source\"><code>").Append(Escape(source)).Append("</code></pre>\n");
        var outputs = cell["outputs"] as JsonArray ?? [];
        if (outputs.Count > 0)
        {
            body.Append("<div class=\"outputs\">\n");
            foreach (var output in outputs.OfType<JsonObject>())
                AppendOutput(body, output);
            body.Append("</div>\n");
        }
        body.Append("</section>\n");
    }

    private static void AppendOutput(StringBuilder body, JsonObject output)
    {
        switch ((string?)output["output_type"])
        {
            case "stream":
                body.Append("<pre class=\"output stream ").Append((string?)output["name"] == "stderr" ? "stderr" : "stdout").Append("\">")
                    .Append(Escape(StripAnsi(Text(output["text"])))).Append("</pre>\n");
                break;
            case "error":
                var traceback = output["traceback"] is JsonArray lines ? string.Join('\n', lines.Select(l => (string?)l)) : "";
                body.Append("<pre class=\"output error\">")
                    .Append(Escape($"{(string?)output["ename"]}: {(string?)output["evalue"]}"));
                if (traceback.Length > 0)
                    body.Append('\n').Append(Escape(StripAnsi(traceback)));
                body.Append("</pre>\n");
                break;
            case "display_data" or "execute_result":
                body.Append("<div class=\"output rich\">").Append(RenderMimeBundle(output["data"] as JsonObject)).Append("</div>\n");
                break;
        }
    }

    /// <summary>The HTML of one output's mime bundle (an nbformat <c>data</c> object): the one representation it shows, in Jupyter's order of preference.</summary>
    public static string RenderMimeBundle(JsonObject? data)
    {
        if (data is null || data.Count == 0)
            return "";
        if (data["text/html"] is { } html)
            return WithoutScriptsOrExternalResources(Text(html));
        if (data["text/markdown"] is { } markdown)
            return RenderMarkdown(Text(markdown), notebookFolder: null);
        if (data["image/svg+xml"] is { } svg)
            return WithoutScriptsOrExternalResources(Text(svg));
        if (data["image/png"] is { } png)
            return $"<img alt=\"image\" src=\"data:image/png;base64,{Base64(png)}\">";
        if (data["image/jpeg"] is { } jpeg)
            return $"<img alt=\"image\" src=\"data:image/jpeg;base64,{Base64(jpeg)}\">";
        if (data.FirstOrDefault(p => p.Key == "application/json" || p.Key.EndsWith("+json", StringComparison.Ordinal)) is { Value: { } json })
            return $"<pre>{Escape(json is JsonValue ? Text(json) : json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }))}</pre>";
        if (data["text/plain"] is { } plain)
            return $"<pre>{Escape(StripAnsi(Text(plain)))}</pre>";
        var (mime, _) = data.First();
        return $"<p class=\"unsupported\">(an output of type {Escape(mime)}, which this page does not show)</p>";
    }

    /// <summary>Markdown to HTML; web images become links and relative images are inlined (or replaced by their alt text).</summary>
    internal static string RenderMarkdown(string markdown, string? notebookFolder)
    {
        var document = Markdig.Markdown.Parse(markdown, Markdown);
        foreach (var link in document.Descendants<LinkInline>().Where(l => l.IsImage).ToArray())
        {
            var url = link.Url ?? "";
            if (url.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase))
                continue;
            if (notebookFolder is not null && !IsExternal(url) && InlineImage(Path.Combine(notebookFolder, Uri.UnescapeDataString(url))) is { } dataUri)
            {
                link.Url = dataUri;
                continue;
            }
            // Not fetched: a page that loads nothing from elsewhere shows a link in the image's place.
            link.IsImage = false;
            if (!IsExternal(url))
                link.Url = null;
            if (link.FirstChild is null)
                link.AppendChild(new LiteralInline(string.IsNullOrEmpty(link.Title) ? url : link.Title));
        }
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Markdown.Setup(renderer);
        renderer.Render(document);
        return writer.ToString();
    }

    private static string? InlineImage(string path)
    {
        var type = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".png" => "image/png",
            ".jpg" or ".jpeg" => "image/jpeg",
            ".gif" => "image/gif",
            ".svg" => "image/svg+xml",
            _ => null,
        };
        return type is not null && File.Exists(path) ? $"data:{type};base64,{Convert.ToBase64String(File.ReadAllBytes(path))}" : null;
    }

    private static bool IsExternal(string url) => ExternalUrl().IsMatch(url);

    /// <summary>
    /// Kernel HTML as is, except what would run code or load from elsewhere: <c>&lt;script&gt;</c> elements,
    /// <c>on…=</c> handlers, <c>javascript:</c> URLs, and <c>src</c>/<c>href</c>/<c>@import</c> of http(s) resources
    /// (kept links: <c>&lt;a href&gt;</c> is navigation, not a resource).
    /// </summary>
    internal static string WithoutScriptsOrExternalResources(string html)
    {
        html = ScriptElement().Replace(html, "<!-- script removed -->");
        html = EventHandlerAttribute().Replace(html, "");
        html = JavascriptUrl().Replace(html, "${attr}=\"#\"");
        html = ExternalLinkElement().Replace(html, "<!-- external stylesheet removed -->");
        html = ExternalSourceAttribute().Replace(html, "${attr}=\"#\"");
        html = ExternalHrefOfResourceElement().Replace(html, "${tag}${attr}=\"#\"");
        html = ExternalImport().Replace(html, "/* external import removed */");
        html = ExternalCssUrl().Replace(html, "url()");
        return html;
    }

    private static string Base64(JsonNode node) => string.Concat(Text(node).Where(c => !char.IsWhiteSpace(c)));

    private static string? FirstHeading(string markdown)
    {
        foreach (var line in markdown.Split('\n'))
            if (line.StartsWith("# ", StringComparison.Ordinal))
                return line[2..].Trim();
        return null;
    }

    /// <summary>An nbformat multiline string (a string or a list of lines) as one string.</summary>
    internal static string Text(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        JsonValue value => value.TryGetValue<string>(out var s) ? s : value.ToJsonString(),
        _ => "",
    };

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static string StripAnsi(string text) => AnsiEscape().Replace(text, "");

    [GeneratedRegex(@"\x1B\[[0-9;?]*[A-Za-z]")]
    private static partial Regex AnsiEscape();

    [GeneratedRegex(@"^(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalUrl();

    [GeneratedRegex(@"<script\b[^>]*>.*?</script\s*>|<script\b[^>]*/?>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex ScriptElement();

    [GeneratedRegex(@"(?<=<[a-zA-Z][^<>]*)\s+on[a-z]+\s*=\s*(""[^""]*""|'[^']*'|[^\s>]+)", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandlerAttribute();

    [GeneratedRegex(@"(?<attr>href|src|xlink:href)\s*=\s*([""']?)\s*javascript:[^""'>\s]*\1", RegexOptions.IgnoreCase)]
    private static partial Regex JavascriptUrl();

    [GeneratedRegex(@"(?<attr>\b(?:src|srcset|poster|data))\s*=\s*([""']?)\s*(https?:)?//[^""'>\s]*\1", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalSourceAttribute();

    [GeneratedRegex(@"(?<tag><(?:link|image|use|iframe|embed|object|source|img|feImage|script)\b[^>]*?)(?<attr>\b(?:xlink:)?href)\s*=\s*([""']?)\s*(https?:)?//[^""'>\s]*\1", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalHrefOfResourceElement();

    [GeneratedRegex(@"url\(\s*[""']?(https?:)?//[^)]*\)", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalCssUrl();

    [GeneratedRegex(@"<link\b[^>]*\bhref\s*=\s*[""']?(https?:)?//[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalLinkElement();

    [GeneratedRegex(@"@import\s+(url\()?[""']?(https?:)?//[^;]*;?", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalImport();

    private const string Stylesheet = """
        :root { color-scheme: light; --border: #d0d7de; --muted: #57606a; }
        body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; background: #f6f8fa; }
        main { max-width: 1100px; margin: 0 auto; padding: 1.5rem; background: #fff; }
        header { border-bottom: 1px solid var(--border); margin-bottom: 1rem; display: flex; gap: 1rem; align-items: baseline; }
        .notebook-name { font-family: ui-monospace, monospace; color: var(--muted); margin: 0; white-space: nowrap; }
        .status { margin: 0; font-weight: 600; } .status.ok { color: #1a7f37; } .status.failed { color: #cf222e; }
        .cell { margin: 0.75rem 0; } .prompt { font: 12px ui-monospace, monospace; color: var(--muted); }
        pre { overflow-x: auto; padding: 0.6rem 0.8rem; border-radius: 6px; font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, monospace; }
        pre.source { background: #f6f8fa; border: 1px solid var(--border); margin: 0.2rem 0; }
        .outputs { border-left: 3px solid var(--border); padding-left: 0.8rem; }
        pre.output, .output pre { background: #fff; margin: 0.3rem 0; white-space: pre-wrap; }
        pre.stderr { background: #fff8c5; } pre.error { background: #ffebe9; color: #82071e; }
        .output img, .output svg { max-width: 100%; height: auto; }
        table { border-collapse: collapse; } th, td { border: 1px solid var(--border); padding: 0.25rem 0.5rem; }
        code { font-family: ui-monospace, monospace; }
        """;
}
