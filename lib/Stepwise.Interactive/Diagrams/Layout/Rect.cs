namespace Stepwise.Interactive.Diagrams.Layout;

/// <summary>An axis-aligned box in SVG user units.</summary>
internal readonly record struct Rect(double X, double Y, double Width, double Height)
{
    public double Right => X + Width;

    public double Bottom => Y + Height;

    public double CenterX => X + Width / 2;

    public double CenterY => Y + Height / 2;

    public static Rect Centered(double centerX, double centerY, double width, double height) =>
        new(centerX - width / 2, centerY - height / 2, width, height);

    /// <summary>True when the interiors overlap; touching borders do not count.</summary>
    public bool Overlaps(Rect other, double tolerance = 0.01) =>
        X < other.Right - tolerance && other.X < Right - tolerance &&
        Y < other.Bottom - tolerance && other.Y < Bottom - tolerance;

    public Rect Offset(double dx, double dy) => this with { X = X + dx, Y = Y + dy };
}
