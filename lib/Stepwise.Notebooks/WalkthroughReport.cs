using System.Globalization;
using System.Net;
using System.Text;

namespace Stepwise.Notebooks;

/// <summary>What the walkthrough prints and the index page it writes: one line per notebook and a total.</summary>
public static class WalkthroughReport
{
    /// <summary>The notebook's name as the report shows it: the file name without <c>.ipynb</c>.</summary>
    public static string DisplayName(string notebookPath) => Path.GetFileNameWithoutExtension(notebookPath);

    /// <summary>The start of a notebook's line, printed before it runs: the name padded to <paramref name="nameWidth"/>.</summary>
    public static string LinePrefix(string notebookPath, int nameWidth) => DisplayName(notebookPath).PadRight(nameWidth) + "  ";

    /// <summary>The rest of the line once it ran: e.g. <c>12 cells  8.1 s  OK</c> or <c>7 cells  2.0 s  FAILED at cell 9: Exception: boom</c>.</summary>
    public static string LineSuffix(NotebookRunResult result) =>
        string.Create(CultureInfo.InvariantCulture, $"{result.CellsRun,3} cells  {result.Elapsed.TotalSeconds,5:0.0} s  {Status(result)}");

    /// <summary>The whole line: e.g. <c>03-workflow-authoring  12 cells  8.1 s  OK</c>.</summary>
    public static string Line(NotebookRunResult result, int nameWidth) => LinePrefix(result.NotebookPath, nameWidth) + LineSuffix(result);

    /// <summary><c>OK</c>, or <c>FAILED at cell N: ErrorName: first line of the message</c> (N counts every cell, markdown included;
    /// a notebook that could not be read at all has no cell: <c>FAILED: ErrorName: …</c>).</summary>
    public static string Status(NotebookRunResult result)
    {
        if (result.Failure is not { } failure)
            return "OK";
        var firstLine = failure.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        // Cell 0: the notebook itself could not be run (unreadable, not a notebook).
        return failure.CellIndex == 0
            ? $"FAILED: {failure.ErrorName}: {firstLine}"
            : $"FAILED at cell {failure.CellIndex}: {failure.ErrorName}: {firstLine}";
    }

    /// <summary>E.g. <c>Total: 2 notebooks, 20 cells, 38.2 s, all OK</c> or <c>…, 1 FAILED</c>.</summary>
    public static string Total(IReadOnlyCollection<NotebookRunResult> results)
    {
        var failed = results.Count(r => !r.Succeeded);
        return string.Create(CultureInfo.InvariantCulture,
            $"Total: {results.Count} notebooks, {results.Sum(r => r.CellsRun)} cells, {results.Sum(r => r.Elapsed.TotalSeconds):0.0} s, {(failed == 0 ? "all OK" : $"{failed} FAILED")}");
    }

    /// <summary>A self-contained page listing the notebooks with their times and status, each linked to its page
    /// (<paramref name="pageLinks"/>: the relative link for each result, or null where no page was written).</summary>
    public static string IndexHtml(IReadOnlyList<NotebookRunResult> results, IReadOnlyList<string?> pageLinks, DateTimeOffset finishedAt)
    {
        if (results.Count != pageLinks.Count)
            throw new ArgumentException($"{results.Count} results but {pageLinks.Count} links.", nameof(pageLinks));
        var rows = new StringBuilder();
        for (var i = 0; i < results.Count; i++)
        {
            var result = results[i];
            var name = WebUtility.HtmlEncode(DisplayName(result.NotebookPath));
            rows.Append("<tr><td>")
                .Append(pageLinks[i] is { } link ? $"<a href=\"{WebUtility.HtmlEncode(link)}\">{name}</a>" : name)
                .Append("</td><td class=\"n\">").Append(result.CellsRun.ToString(CultureInfo.InvariantCulture))
                .Append("</td><td class=\"n\">").Append(result.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)).Append(" s")
                .Append("</td><td class=\"").Append(result.Succeeded ? "ok" : "failed").Append("\">")
                .Append(WebUtility.HtmlEncode(Status(result))).Append("</td></tr>\n");
        }
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>Stepwise walkthrough</title>
            <style>
            body { font: 15px/1.5 system-ui, sans-serif; max-width: 900px; margin: 2rem auto; padding: 0 1rem; color: #1f2328; }
            table { border-collapse: collapse; width: 100%; } th, td { border-bottom: 1px solid #d0d7de; padding: 0.4rem 0.6rem; text-align: left; }
            td.n { text-align: right; font-variant-numeric: tabular-nums; } td:not(:last-child) { white-space: nowrap; }
            .ok { color: #1a7f37; } .failed { color: #cf222e; }
            </style>
            </head>
            <body>
            <h1>Stepwise walkthrough</h1>
            <p>{{WebUtility.HtmlEncode(Total(results))}} · finished {{finishedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}} UTC</p>
            <table>
            <thead><tr><th>notebook</th><th>cells</th><th>time</th><th>status</th></tr></thead>
            <tbody>
            {{rows}}</tbody>
            </table>
            </body>
            </html>

            """;
    }
}
