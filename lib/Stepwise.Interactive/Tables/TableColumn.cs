namespace Stepwise.Interactive.Tables;

/// <summary>One column of an <see cref="HtmlTableBuilder"/>.</summary>
/// <param name="Header">Header text.</param>
/// <param name="Align">Alignment of the cells.</param>
/// <param name="Status">Colour the cells as statuses (<see cref="StatusColors"/>): SUCCEEDED green, FAILED red, …</param>
/// <param name="Format">.NET format string for numbers and dates (invariant culture), e.g. <c>"0.000"</c>.</param>
public sealed record TableColumn(string Header, ColumnAlign Align = ColumnAlign.Auto, bool Status = false, string? Format = null)
{
    /// <summary>A column from its header text.</summary>
    public static implicit operator TableColumn(string header) => new(header);
}
