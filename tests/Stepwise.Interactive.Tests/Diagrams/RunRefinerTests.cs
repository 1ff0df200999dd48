using Stepwise.Interactive.Diagrams;
using Stepwise.Interactive.Diagrams.Layout;

namespace Stepwise.Interactive.Tests.Diagrams;

public class RunRefinerTests
{
    private static (LayeredGraph Graph, int[][] Order, Func<int, int, double> Separation) Prepare(int states)
    {
        var diagram = SampleDiagrams.Large(states);
        var index = diagram.Nodes.Select((n, i) => (n.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var edges = diagram.Edges.Select(e => new GraphEdge(index[e.From], index[e.To])).ToArray();
        var reversed = CycleBreaker.FindBackEdges(diagram.Nodes.Count, edges, [0]);
        var downwards = edges.Select((e, i) => reversed[i] ? new GraphEdge(e.To, e.From) : e).ToArray();
        var layers = LayerAssigner.Assign(diagram.Nodes.Count, downwards);
        var layerEdges = downwards.Select((e, i) => new LayerEdge(e.From, e.To, i, reversed[i], null, diagram.Edges[i].Style == EdgeStyle.Catch)).ToArray();
        var graph = LayeredGraph.Build(diagram.Nodes.Select(_ => NodeBox.Centered(90, 36)).ToArray(), layers, layerEdges);
        var order = CrossingMinimizer.Order(graph);
        return (graph, order, (a, b) => graph.Vertices[a].Box.Right + graph.Vertices[b].Box.Left + 12);
    }

    [Fact]
    public void Refinement_keeps_separation_and_bends_no_straight_segment()
    {
        var (graph, order, separation) = Prepare(80);
        var x = BrandesKopf.Assign(graph, order, separation);
        var before = (double[])x.Clone();

        RunRefiner.Refine(graph, order, x, separation);

        foreach (var layer in order)
        {
            for (var i = 1; i < layer.Length; i++)
            {
                Assert.True(x[layer[i]] - x[layer[i - 1]] >= separation(layer[i - 1], layer[i]) - 0.01);
            }
        }

        for (var v = 0; v < x.Length; v++)
        {
            foreach (var w in graph.Successors[v].Where(w => Math.Abs(before[w] - before[v]) < 0.01))
            {
                Assert.Equal(x[v], x[w], 0.01);
            }
        }
    }

    [Fact]
    public void Error_handlers_sit_beside_the_state_they_handle()
    {
        var layout = LayeredLayout.Compute(SampleDiagrams.Large(60));

        var bounds = layout.Nodes.ToDictionary(n => n.Node.Id, n => n.Bounds);
        var handlers = layout.Edges.Where(e => e.Edge.To.StartsWith("Handle error")).ToList();
        Assert.NotEmpty(handlers);
        foreach (var edge in handlers)
        {
            var (state, handler) = (bounds[edge.Edge.From], bounds[edge.Edge.To]);
            var gap = Math.Max(handler.X - state.Right, state.X - handler.Right);
            Assert.True(gap < 2 * LayoutMetrics.NodeGap, $"{edge.Edge.To} is {gap:F0}px away from {edge.Edge.From}");
        }
    }

    [Fact]
    public void An_error_handler_branches_off_a_straight_main_path()
    {
        // A catches into Handler, which rejoins at B: A → B must stay a straight line, Handler beside it.
        var diagram = new Diagram(
            [new("A", "A"), new("Handler", "Handler"), new("B", "B")],
            [new("A", "B"), new("A", "Handler", "Catch: States.ALL", EdgeStyle.Catch), new("Handler", "B")]);

        var layout = LayeredLayout.Compute(diagram);

        var x = layout.Nodes.ToDictionary(n => n.Node.Id, n => n.Bounds.CenterX);
        Assert.Equal(x["A"], x["B"], 0.01);
        Assert.NotEqual(x["A"], x["Handler"], 1.0);
        Assert.Single(layout.Edges[0].Points.Select(p => Math.Round(p.X, 1)).Distinct());
    }
}
