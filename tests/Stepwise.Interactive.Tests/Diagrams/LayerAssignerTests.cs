using Stepwise.Interactive.Diagrams.Layout;

namespace Stepwise.Interactive.Tests.Diagrams;

public class LayerAssignerTests
{
    [Fact]
    public void Layers_follow_the_longest_path_from_the_sources()
    {
        // 0 → 1 → 2 → 3 and a shortcut 0 → 3: node 3 still goes below 2.
        GraphEdge[] edges = [new(0, 1), new(1, 2), new(2, 3), new(0, 3)];

        Assert.Equal([0, 1, 2, 3], LayerAssigner.Assign(4, edges));
    }

    [Fact]
    public void A_stray_source_is_pulled_down_next_to_its_successor()
    {
        // 0 → 1 → 2 → 3 and a second source 4 that only feeds 3: it belongs just above 3, not at the top.
        GraphEdge[] edges = [new(0, 1), new(1, 2), new(2, 3), new(4, 3)];

        var layers = LayerAssigner.Assign(5, edges);

        Assert.Equal(layers[3] - 1, layers[4]);
    }

    [Fact]
    public void Every_edge_points_to_a_lower_layer_and_no_layer_is_empty()
    {
        var random = new Random(11);
        var edges = Enumerable.Range(0, 200).Select(_ => random.Next(50)).Select(a => new GraphEdge(a, a + 1 + random.Next(5))).Where(e => e.To < 50).ToArray();

        var layers = LayerAssigner.Assign(50, edges);

        Assert.All(edges, e => Assert.True(layers[e.From] < layers[e.To]));
        Assert.Equal(Enumerable.Range(0, layers.Max() + 1), layers.Distinct().Order());
    }

    [Fact]
    public void A_cycle_is_rejected()
    {
        Assert.Throws<InvalidOperationException>(() => LayerAssigner.Assign(2, [new(0, 1), new(1, 0)]));
    }
}
