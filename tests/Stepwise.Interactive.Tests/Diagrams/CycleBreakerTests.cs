using Stepwise.Interactive.Diagrams.Layout;

namespace Stepwise.Interactive.Tests.Diagrams;

public class CycleBreakerTests
{
    [Fact]
    public void Back_edges_found_by_dfs_from_the_start_node_are_reversed()
    {
        // 0 → 1 → 2 → 3, and 3 → 1 closes a loop (Wait → Check → Choice → back to Wait).
        GraphEdge[] edges = [new(0, 1), new(1, 2), new(2, 3), new(3, 1)];

        var reversed = CycleBreaker.FindBackEdges(4, edges, [0]);

        Assert.Equal([false, false, false, true], reversed);
    }

    [Fact]
    public void Acyclic_graph_keeps_every_edge()
    {
        GraphEdge[] edges = [new(0, 1), new(0, 2), new(1, 3), new(2, 3)];

        Assert.All(CycleBreaker.FindBackEdges(4, edges, [0]), Assert.False);
    }

    [Fact]
    public void Which_edge_closes_the_cycle_depends_on_the_start_node()
    {
        GraphEdge[] edges = [new(0, 1), new(1, 0)];

        Assert.Equal([false, true], CycleBreaker.FindBackEdges(2, edges, [0]));
        Assert.Equal([true, false], CycleBreaker.FindBackEdges(2, edges, [1]));
    }

    [Fact]
    public void Result_is_acyclic_for_dense_random_graphs()
    {
        var random = new Random(3);
        var edges = Enumerable.Range(0, 400).Select(_ => new GraphEdge(random.Next(60), random.Next(60))).Where(e => e.From != e.To).ToArray();

        var reversed = CycleBreaker.FindBackEdges(60, edges, [0]);
        var downwards = edges.Select((e, i) => reversed[i] ? new GraphEdge(e.To, e.From) : e).ToArray();

        // Layer assignment throws on a cycle.
        var layers = LayerAssigner.Assign(60, downwards);
        Assert.All(downwards, e => Assert.True(layers[e.From] < layers[e.To]));
    }
}
