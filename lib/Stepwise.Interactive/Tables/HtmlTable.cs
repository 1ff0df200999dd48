namespace Stepwise.Interactive.Tables;

/// <summary>A ready-made HTML table (self-contained: inline styles, no script); a notebook shows it as HTML.</summary>
public sealed record HtmlTable(string Html)
{
    /// <inheritdoc />
    public override string ToString() => Html;
}
