namespace Stepwise.Interactive.Diagrams.Layout;

/// <summary>A position in SVG user units (y grows downwards).</summary>
internal readonly record struct Point(double X, double Y);
