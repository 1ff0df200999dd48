using Stepwise.Interactive.Diagrams.Layout;

namespace Stepwise.Interactive.Tests.Diagrams;

public class RankBandsTests
{
    private static readonly NodeBox Box = NodeBox.Centered(80, 36);

    [Fact]
    public void Bands_are_as_tall_as_their_tallest_vertex_and_stacked_with_a_gap()
    {
        var graph = LayeredGraph.Build([Box, NodeBox.Centered(80, 60)], [0, 1], [new LayerEdge(0, 1, 0, false, NodeBox.Centered(40, 18))]);

        var bands = RankBands.Compute(graph, new double[graph.Vertices.Length], 10);

        Assert.Equal([36.0, 18.0, 60.0], bands.Height);
        Assert.Equal(10 + 36 + LayoutMetrics.RankGap, bands.Top[1]);
    }

    [Fact]
    public void A_gap_grows_only_when_two_edges_jog_far_through_it()
    {
        // Two edges from node 0 (ranks 0 → 1 → 2) and one from node 1.
        var graph = LayeredGraph.Build([Box, Box, Box], [0, 0, 1], [new LayerEdge(0, 2, 0, false, null), new LayerEdge(1, 2, 1, false, null)]);
        var (first, second) = (graph.Chains[0].Vertices[1], graph.Chains[1].Vertices[1]);
        var lone = new double[graph.Vertices.Length];
        lone[second] = 400;
        var both = (double[])lone.Clone();
        both[first] = 300;
        both[1] = 0;

        var oneJog = RankBands.Compute(graph, lone, 0);
        var twoJogs = RankBands.Compute(graph, both, 0);

        Assert.Equal(LayoutMetrics.RankGap, oneJog.Top[1] - oneJog.Bottom(0), 0.01);
        Assert.True(twoJogs.Top[1] - twoJogs.Bottom(0) > LayoutMetrics.RankGap);
    }
}
