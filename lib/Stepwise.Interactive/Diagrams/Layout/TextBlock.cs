namespace Stepwise.Interactive.Diagrams.Layout;

/// <summary>A label broken into the lines that are drawn, with its estimated size.</summary>
/// <param name="Lines">What is drawn, one entry per line.</param>
/// <param name="FullText">The label before wrapping and truncation, for the tooltip.</param>
/// <param name="IsTruncated">True when some of <paramref name="FullText"/> is not drawn.</param>
/// <param name="Width">Estimated width of the widest line.</param>
/// <param name="Height">Height of all lines.</param>
internal sealed record TextBlock(IReadOnlyList<string> Lines, string FullText, bool IsTruncated, double Width, double Height);
