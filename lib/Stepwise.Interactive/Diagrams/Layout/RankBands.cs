namespace Stepwise.Interactive.Diagrams.Layout;

/// <summary>
/// Sugiyama step 5b: y coordinates. Each rank is a horizontal band as tall as its tallest vertex (node ranks)
/// or label (bend ranks, nearly flat when there is none). The gap below a band grows when two or more edges
/// take long sideways steps through it (with the second-longest step), so edges that must jog far read as
/// separate curves rather than flat lines on top of each other; a lone jog overlaps nothing and keeps the gap.
/// </summary>
internal sealed record RankBands(IReadOnlyList<double> Top, IReadOnlyList<double> Height)
{
    public double Bottom(int rank) => Top[rank] + Height[rank];

    public double Center(int rank) => Top[rank] + Height[rank] / 2;

    public double TotalHeight => Top.Count == 0 ? 0 : Bottom(Top.Count - 1);

    public static RankBands Compute(LayeredGraph graph, IReadOnlyList<double> x, double top)
    {
        var height = new double[graph.RankCount];
        for (var rank = 1; rank < height.Length; rank += 2)
        {
            height[rank] = LayoutMetrics.MinBendBand;
        }

        foreach (var vertex in graph.Vertices)
        {
            height[vertex.Rank] = Math.Max(height[vertex.Rank], vertex.Box.Height);
        }

        var longest = new double[height.Length];
        var jog = new double[height.Length];
        for (var v = 0; v < graph.Vertices.Length; v++)
        {
            var rank = graph.Vertices[v].Rank;
            foreach (var below in graph.Successors[v])
            {
                var step = Math.Abs(x[below] - x[v]);
                if (step > longest[rank])
                {
                    (jog[rank], longest[rank]) = (longest[rank], step);
                }
                else
                {
                    jog[rank] = Math.Max(jog[rank], step);
                }
            }
        }

        var tops = new double[height.Length];
        var y = top;
        for (var rank = 0; rank < height.Length; rank++)
        {
            tops[rank] = y;
            y += height[rank] + Math.Clamp(jog[rank] * LayoutMetrics.GapPerJog, LayoutMetrics.RankGap, LayoutMetrics.MaxRankGap);
        }

        return new RankBands(tops, height);
    }
}
