using Stepwise.Interactive.Diagrams;
using Stepwise.Interactive.Diagrams.Layout;

namespace Stepwise.Interactive.Tests.Diagrams;

public class LayeredLayoutTests
{
    [Fact]
    public void Layout_of_60_states_has_no_overlaps()
    {
        var layout = LayeredLayout.Compute(SampleDiagrams.Large(60));

        Assert.Empty(LayoutGeometry.Overlaps(layout));
    }

    [Fact]
    public void Every_edge_starts_and_ends_on_its_nodes_borders()
    {
        var layout = LayeredLayout.Compute(SampleDiagrams.Large(60));

        Assert.Empty(LayoutGeometry.DetachedEdgeEnds(layout));
    }

    [Fact]
    public void Edges_do_not_pass_through_other_nodes()
    {
        var layout = LayeredLayout.Compute(SampleDiagrams.Large(60));

        Assert.Empty(LayoutGeometry.EdgesThroughNodes(layout));
    }

    [Fact]
    public void Edges_point_downwards_except_back_edges()
    {
        var layout = LayeredLayout.Compute(SampleDiagrams.Large(60));

        Assert.Contains(layout.Edges, e => e.IsBackEdge);
        foreach (var edge in layout.Edges.Where(e => !e.IsSelfLoop))
        {
            var goesDown = edge.Points[^1].Y > edge.Points[0].Y;
            Assert.True(goesDown != edge.IsBackEdge, $"{edge.Edge.From} -> {edge.Edge.To}");
        }
    }

    [Fact]
    public void A_back_edge_ends_with_its_arrow_at_the_earlier_state()
    {
        var diagram = new Diagram(
            [new("Wait", "Wait", NodeKind.Wait), new("Check", "Check status"), new("Done?", "Done?", NodeKind.Choice)],
            [new("Wait", "Check"), new("Check", "Done?"), new("Done?", "Wait", "$.done == false")]);

        var layout = LayeredLayout.Compute(diagram);

        var back = layout.Edges[2];
        var wait = layout.Nodes[0].Bounds;
        Assert.True(back.IsBackEdge);
        Assert.Equal(wait.Bottom, back.Points[^1].Y, 0.01);
        Assert.Empty(LayoutGeometry.EdgesThroughNodes(layout));
    }

    [Fact]
    public void The_polling_loop_has_a_back_edge_a_self_loop_and_no_overlaps()
    {
        var layout = LayeredLayout.Compute(SampleDiagrams.PollingLoop());

        Assert.Contains(layout.Edges, e => e.IsBackEdge && e.Edge.Label == "Default");
        Assert.Contains(layout.Edges, e => e.IsSelfLoop);
        Assert.Empty(LayoutGeometry.Overlaps(layout));
        Assert.Empty(LayoutGeometry.DetachedEdgeEnds(layout));
        Assert.Empty(LayoutGeometry.EdgesThroughNodes(layout));
    }

    [Fact]
    public void Edge_labels_sit_between_the_layers_without_covering_nodes()
    {
        var layout = LayeredLayout.Compute(SampleDiagrams.MlPipeline());

        var catchEdge = layout.Edges.Single(e => e.Edge.Style == EdgeStyle.Catch);
        var from = layout.Nodes.Single(n => n.Node.Id == catchEdge.Edge.From).Bounds;
        var to = layout.Nodes.Single(n => n.Node.Id == catchEdge.Edge.To).Bounds;
        Assert.True(catchEdge.LabelBounds.Y >= from.Bottom && catchEdge.LabelBounds.Bottom <= to.Y);
        Assert.Empty(LayoutGeometry.Overlaps(layout));
    }

    [Fact]
    public void Parallel_edges_between_the_same_nodes_are_drawn_apart()
    {
        var diagram = new Diagram(
            [new("C", "Choose", NodeKind.Choice), new("T", "Target")],
            [new("C", "T", "$.a == 1"), new("C", "T", "$.b == 2")]);

        var layout = LayeredLayout.Compute(diagram);

        Assert.NotEqual(layout.Edges[0].Points[0], layout.Edges[1].Points[0]);
        Assert.False(layout.Edges[0].LabelBounds.Overlaps(layout.Edges[1].LabelBounds));
    }

    [Fact]
    public void A_self_loop_leaves_and_enters_the_right_border()
    {
        var diagram = new Diagram([new("T", "Retry me")], [new("T", "T", "Catch: States.Timeout", EdgeStyle.Catch)]);

        var layout = LayeredLayout.Compute(diagram);

        var loop = layout.Edges[0];
        var node = layout.Nodes[0].Bounds;
        Assert.True(loop.IsSelfLoop);
        Assert.Equal(node.Right, loop.Points[0].X, 0.01);
        Assert.Equal(node.Right, loop.Points[^1].X, 0.01);
        Assert.True(loop.LabelBounds.Right <= layout.Width);
    }

    [Fact]
    public void Node_width_grows_with_the_label()
    {
        var diagram = new Diagram([new("a", "Go"), new("b", "Calls CodeBuild to Build Container")], []);

        var layout = LayeredLayout.Compute(diagram);

        Assert.Equal(LayoutMetrics.MinNodeWidth, layout.Nodes[0].Bounds.Width);
        Assert.True(layout.Nodes[1].Bounds.Width > 200);
    }

    [Fact]
    public void A_very_long_name_is_wrapped_and_truncated()
    {
        var name = string.Join(" ", Enumerable.Repeat("very-long-state-name", 8));

        var layout = LayeredLayout.Compute(new Diagram([new("x", name)], []));

        var label = layout.Nodes[0].Label;
        Assert.Equal(2, label.Lines.Count);
        Assert.True(label.IsTruncated);
        Assert.All(label.Lines, line => Assert.True(line.Length <= 40));
        Assert.EndsWith("…", label.Lines[^1]);
        Assert.Equal(name, label.FullText);
    }

    [Fact]
    public void An_empty_diagram_has_a_small_positive_size()
    {
        var layout = LayeredLayout.Compute(new Diagram([], [], "Nothing yet"));

        Assert.True(layout.Width > 0 && layout.Height > 0);
    }

    [Fact]
    public void Unreachable_states_are_laid_out_too()
    {
        var diagram = new Diagram(
            [SampleDiagrams.Start, new("A", "A"), new("Orphan", "Orphan"), new("Island", "Island")],
            [new("Start", "A"), new("Island", "Orphan")]);

        var layout = LayeredLayout.Compute(diagram);

        Assert.Equal(4, layout.Nodes.Count);
        Assert.Empty(LayoutGeometry.Overlaps(layout));
    }
}
