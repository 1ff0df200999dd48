using Stepwise.Interactive.Diagrams.Layout;
using static Stepwise.Interactive.Diagrams.Svg.SvgText;

namespace Stepwise.Interactive.Diagrams.Svg;

/// <summary>
/// Path data through an edge's points: vertical runs stay straight, other steps become cubic curves with
/// vertical tangents at both ends, so a routed edge reads as one smooth stroke that never leaves the gap it
/// crosses.
/// </summary>
internal static class SmoothPath
{
    public static string Through(IReadOnlyList<Point> points)
    {
        var data = new System.Text.StringBuilder($"M{Num(points[0].X)},{Num(points[0].Y)}");
        for (var i = 1; i < points.Count; i++)
        {
            var (a, b) = (points[i - 1], points[i]);
            if (Math.Abs(a.X - b.X) < 0.5)
            {
                data.Append($" L{Num(b.X)},{Num(b.Y)}");
                continue;
            }

            var half = (b.Y - a.Y) / 2;
            data.Append($" C{Num(a.X)},{Num(a.Y + half)} {Num(b.X)},{Num(b.Y - half)} {Num(b.X)},{Num(b.Y)}");
        }

        return data.ToString();
    }

    /// <summary>A loop leaving and re-entering a node's right border.</summary>
    public static string Loop(IReadOnlyList<Point> points)
    {
        var (start, far, end) = (points[0], points[1], points[2]);
        var reach = (far.X - start.X) * 1.3;
        return $"M{Num(start.X)},{Num(start.Y)} C{Num(start.X + reach)},{Num(start.Y - 12)} {Num(end.X + reach)},{Num(end.Y + 12)} {Num(end.X)},{Num(end.Y)}";
    }
}
