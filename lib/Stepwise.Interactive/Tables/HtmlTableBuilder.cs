using System.Globalization;
using System.Net;
using System.Text;
using Stepwise.Interactive.Graphs;

namespace Stepwise.Interactive.Tables;

/// <summary>
/// A small, static HTML table (inline styles, no script): columns, rows of any values, HTML-escaped text, numbers
/// right-aligned and formatted in the invariant culture, dates in UTC, optional status colouring per column.
/// <code>new HtmlTableBuilder("Name", new TableColumn("Status", Status: true), new TableColumn("Loss", Format: "0.000")).Row("a", "SUCCEEDED", 0.25).Build()</code>
/// </summary>
public sealed class HtmlTableBuilder(params IReadOnlyList<TableColumn> columns)
{
    const string CellStyle = "padding:2px 8px;border-bottom:1px solid #ddd;text-align:{0};vertical-align:top;font-family:monospace;font-size:12px";
    readonly List<object?[]> _rows = [];

    /// <summary>The columns.</summary>
    public IReadOnlyList<TableColumn> Columns { get; } = columns.Count > 0 ? columns : throw new ArgumentException("A table needs at least one column.", nameof(columns));

    /// <summary>Rows so far.</summary>
    public int RowCount => _rows.Count;

    /// <summary>An optional caption shown above the table.</summary>
    public string? Caption { get; init; }

    /// <summary>Text cells longer than this are cut with an ellipsis (0: never).</summary>
    public int MaxCellLength { get; init; } = 300;

    /// <summary>Adds a row; it must have one value per column.</summary>
    public HtmlTableBuilder Row(params object?[] cells)
    {
        if (cells.Length != Columns.Count)
            throw new ArgumentException($"A row of this table needs {Columns.Count} values ({string.Join(", ", Columns.Select(c => c.Header))}), got {cells.Length}.", nameof(cells));
        _rows.Add(cells);
        return this;
    }

    /// <summary>Adds one row per item.</summary>
    public HtmlTableBuilder Rows<T>(IEnumerable<T> items, Func<T, object?[]> cells)
    {
        foreach (var item in items)
            Row(cells(item));
        return this;
    }

    /// <summary>The table.</summary>
    public HtmlTable Build()
    {
        var html = new StringBuilder("<table style=\"border-collapse:collapse\">");
        if (Caption is not null)
            html.Append($"<caption style=\"text-align:left;font-weight:bold;padding:2px 8px\">{WebUtility.HtmlEncode(Caption)}</caption>");
        html.Append("<thead><tr>");
        foreach (var c in Columns)
            html.Append($"<th style=\"{Style(c.Align == ColumnAlign.Right)};font-weight:bold\">{WebUtility.HtmlEncode(c.Header)}</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in _rows)
        {
            html.Append("<tr>");
            for (int i = 0; i < row.Length; i++)
            {
                var column = Columns[i];
                var value = row[i];
                var text = Text(value, column.Format);
                if (MaxCellLength > 0 && text.Length > MaxCellLength)
                    text = text[..MaxCellLength] + "…";
                bool right = column.Align == ColumnAlign.Right || (column.Align == ColumnAlign.Auto && IsNumber(value));
                var content = WebUtility.HtmlEncode(text);
                if (column.Status && StatusColors.For(text) is { } color)
                    content = $"<span style=\"background:{color};color:{StatusColors.InkOn(color)};padding:0 6px;border-radius:8px\">{content}</span>";
                html.Append($"<td style=\"{Style(right)}\">{content}</td>");
            }
            html.Append("</tr>");
        }
        return new HtmlTable(html.Append("</tbody></table>").ToString());
    }

    static string Style(bool right) => string.Format(CultureInfo.InvariantCulture, CellStyle, right ? "right" : "left");

    static bool IsNumber(object? v) => v is sbyte or byte or short or ushort or int or uint or long or ulong or float or double or decimal;

    /// <summary>The text of a cell value.</summary>
    public static string Text(object? value, string? format = null) => value switch
    {
        null => "",
        string s => s,
        DateTimeOffset d => d.UtcDateTime.ToString(format ?? "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateTime d => d.ToString(format ?? "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        TimeSpan t => t.ToString(format ?? @"hh\:mm\:ss", CultureInfo.InvariantCulture),
        float f when format is null => f.ToString("0.####", CultureInfo.InvariantCulture),
        double f when format is null => f.ToString("0.####", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(format, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
