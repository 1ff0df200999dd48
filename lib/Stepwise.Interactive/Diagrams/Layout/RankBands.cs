namespace Stepwise.Interactive.Diagrams.Layout;

/// <summary>
/// Sugiyama step 5b: y coordinates. Each rank is a horizontal band as tall as its tallest vertex (node ranks)
/// or label (bend ranks, nearly flat when there is none); bands are stacked with a fixed gap.
/// </summary>
internal sealed record RankBands(IReadOnlyList<double> Top, IReadOnlyList<double> Height)
{
    public double Bottom(int rank) => Top[rank] + Height[rank];

    public double Center(int rank) => Top[rank] + Height[rank] / 2;

    public double TotalHeight => Top.Count == 0 ? 0 : Bottom(Top.Count - 1);

    public static RankBands Compute(LayeredGraph graph, double top)
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

        var tops = new double[height.Length];
        var y = top;
        for (var rank = 0; rank < height.Length; rank++)
        {
            tops[rank] = y;
            y += height[rank] + LayoutMetrics.RankGap;
        }

        return new RankBands(tops, height);
    }
}
