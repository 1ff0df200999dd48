using Stepwise.Interactive.Diagrams.Layout;

namespace Stepwise.Interactive.Tests.Diagrams;

public class LayeredGraphTests
{
    private static readonly NodeBox Box = NodeBox.Centered(80, 36);

    [Fact]
    public void Long_edges_get_dummy_nodes()
    {
        // Layers 0 → 2: ranks 0 → 4, so the edge passes three dummies (ranks 1, 2, 3).
        var graph = LayeredGraph.Build([Box, Box, Box], [0, 1, 2], [new LayerEdge(0, 2, 0, false, null)]);

        var chain = Assert.Single(graph.Chains);
        Assert.Equal(5, chain.Vertices.Count);
        Assert.All(chain.Vertices.Skip(1).SkipLast(1), v => Assert.True(graph.Vertices[v].IsDummy));
        Assert.Equal([0, 1, 2, 3, 4], chain.Vertices.Select(v => graph.Vertices[v].Rank));
    }

    [Fact]
    public void Every_edge_joins_adjacent_ranks()
    {
        LayerEdge[] edges = [new(0, 1, 0, false, null), new(0, 2, 1, false, null), new(1, 2, 2, false, null)];

        var graph = LayeredGraph.Build([Box, Box, Box], [0, 1, 2], edges);

        for (var v = 0; v < graph.Vertices.Length; v++)
        {
            Assert.All(graph.Successors[v], s => Assert.Equal(graph.Vertices[v].Rank + 1, graph.Vertices[s].Rank));
        }
    }

    [Fact]
    public void A_label_sits_on_a_dummy_as_wide_as_the_label_just_after_the_source()
    {
        var label = NodeBox.Centered(120, 18);

        var graph = LayeredGraph.Build([Box, Box, Box], [0, 1, 2], [new LayerEdge(0, 2, 0, false, label)]);

        var labelVertex = graph.Vertices[graph.Chains[0].LabelVertex];
        Assert.True(labelVertex.IsLabel);
        Assert.Equal(1, labelVertex.Rank);
        Assert.Equal(label, labelVertex.Box);
    }

    [Fact]
    public void The_label_of_a_back_edge_sits_next_to_its_real_source_at_the_bottom()
    {
        var graph = LayeredGraph.Build([Box, Box, Box], [0, 1, 2], [new LayerEdge(0, 2, 0, true, NodeBox.Centered(50, 18))]);

        Assert.Equal(3, graph.Vertices[graph.Chains[0].LabelVertex].Rank);
    }
}
