using Stepwise.Interactive.Diagrams.Layout;

namespace Stepwise.Interactive.Tests.Diagrams;

public class CrossingMinimizerTests
{
    private static readonly NodeBox Box = NodeBox.Centered(80, 36);

    [Fact]
    public void Crossing_counter_counts_each_pair_of_crossing_edges_once()
    {
        // Two nodes on top, two below, edges crossed: 0 → 3, 1 → 2.
        var graph = LayeredGraph.Build([Box, Box, Box, Box], [0, 0, 1, 1], [new LayerEdge(0, 3, 0, false, null), new LayerEdge(1, 2, 1, false, null)]);
        var dummies = graph.Chains.Select(c => c.Vertices[1]).ToArray();

        // Ranks: [0, 1], dummies in chain order, [2, 3]: the dummies sit under their sources, the crossing is below them.
        var crossed = CrossingCounter.Count(graph, [[0, 1], dummies, [2, 3]]);
        var straight = CrossingCounter.Count(graph, [[0, 1], dummies, [3, 2]]);

        Assert.Equal(1, crossed);
        Assert.Equal(0, straight);
    }

    [Fact]
    public void Crossing_reduction_untangles_a_crossed_ladder()
    {
        // Pairs (top i → bottom 5 - i): declared so that the initial order would cross every pair.
        var nodes = Enumerable.Repeat(Box, 12).ToArray();
        var layers = Enumerable.Range(0, 12).Select(i => i < 6 ? 0 : 1).ToArray();
        var edges = Enumerable.Range(0, 6).Select(i => new LayerEdge(i, 11 - i, i, false, null)).ToArray();
        var graph = LayeredGraph.Build(nodes, layers, edges);

        var order = CrossingMinimizer.Order(graph);

        Assert.Equal(0, CrossingCounter.Count(graph, order));
    }

    [Fact]
    public void Barycenter_sweeps_improve_on_the_initial_order_of_random_graphs()
    {
        var random = new Random(5);
        var improved = 0;
        for (var trial = 0; trial < 20; trial++)
        {
            var layers = Enumerable.Range(0, 40).Select(i => i / 8).ToArray();
            var edges = Enumerable.Range(0, 70)
                .Select(_ => random.Next(32))
                .Select(from => (from, to: (layers[from] + 1) * 8 + random.Next(8)))
                .Distinct()
                .Select((e, i) => new LayerEdge(e.from, e.to, i, false, null))
                .ToArray();
            var graph = LayeredGraph.Build(Enumerable.Repeat(Box, 40).ToArray(), layers, edges);

            var before = CrossingCounter.Count(graph, CrossingMinimizer.InitialOrder(graph));
            var after = CrossingCounter.Count(graph, CrossingMinimizer.Order(graph));

            Assert.True(after <= before, $"trial {trial}: {after} > {before}");
            improved += after < before ? 1 : 0;
        }

        Assert.True(improved >= 15, $"only {improved} of 20 improved");
    }

    [Fact]
    public void Every_vertex_appears_exactly_once_in_its_rank()
    {
        var diagram = SampleDiagrams.Large(60);
        var layout = LayeredLayout.Compute(diagram);
        Assert.Equal(diagram.Nodes.Count, layout.Nodes.Count);

        var nodes = Enumerable.Repeat(Box, 6).ToArray();
        var graph = LayeredGraph.Build(nodes, [0, 1, 1, 2, 2, 3], [new(0, 1, 0, false, null), new(0, 2, 1, false, null), new(1, 3, 2, false, null), new(2, 4, 3, false, null), new(0, 5, 4, false, null)]);
        var order = CrossingMinimizer.Order(graph);

        Assert.Equal(Enumerable.Range(0, graph.Vertices.Length), order.SelectMany(l => l).Order());
        for (var rank = 0; rank < order.Length; rank++)
        {
            Assert.All(order[rank], v => Assert.Equal(rank, graph.Vertices[v].Rank));
        }
    }
}
