namespace Stepwise.Interactive.Diagrams.Layout;

/// <summary>Settings of one layout run.</summary>
/// <param name="MaxLabelChars">Node labels wrap at this many characters, on at most two lines.</param>
/// <param name="Margin">Empty border around the drawing.</param>
/// <param name="TitleFontSize">Font size of the diagram title (smaller for nested diagrams).</param>
internal sealed record LayoutOptions(int MaxLabelChars = 40, double Margin = 16, double TitleFontSize = LayoutMetrics.TitleFontSize);
