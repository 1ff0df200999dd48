using Stepwise.Interactive.Diagrams;
using Stepwise.Interactive.Diagrams.Layout;

namespace Stepwise.Interactive.Tests.Diagrams;

public class CompoundLayoutTests
{
    private static NodeLayout Node(DiagramLayout layout, string id) => layout.Nodes.Single(n => n.Node.Id == id);

    [Fact]
    public void Parallel_branches_are_nested_boxes_side_by_side()
    {
        var layout = LayeredLayout.Compute(SampleDiagrams.ParallelAndMap());

        var parallel = Node(layout, "Preprocess");
        Assert.Equal(3, parallel.Children.Count);
        Assert.All(parallel.Children, c => Assert.True(Contains(parallel.Bounds, c.Column)));
        for (var i = 1; i < parallel.Children.Count; i++)
        {
            Assert.Equal(parallel.Children[i - 1].Column.Right, parallel.Children[i].Column.X, 0.01);
        }
    }

    [Fact]
    public void Nested_nodes_lie_inside_their_column_below_the_header()
    {
        var layout = LayeredLayout.Compute(SampleDiagrams.ParallelAndMap());

        foreach (var compound in layout.Nodes.Where(n => n.IsCompound))
        {
            foreach (var child in compound.Children)
            {
                Assert.True(child.Column.Y > compound.Bounds.Y);
                Assert.All(child.Layout.Nodes, n => Assert.True(Contains(child.Column, n.Bounds.Offset(child.Origin.X, child.Origin.Y)), $"{n.Node.Id} outside {compound.Node.Id}"));
            }
        }
    }

    [Fact]
    public void Map_has_one_nested_box_for_its_processor()
    {
        var layout = LayeredLayout.Compute(SampleDiagrams.ParallelAndMap());

        var map = Node(layout, "Score each item");
        var processor = Assert.Single(map.Children);
        Assert.Equal(3, processor.Layout.Nodes.Count);
    }

    [Fact]
    public void A_compound_node_is_one_box_in_the_parent_layout()
    {
        var layout = LayeredLayout.Compute(SampleDiagrams.ParallelAndMap());

        Assert.Empty(LayoutGeometry.Overlaps(layout));
        Assert.Empty(LayoutGeometry.DetachedEdgeEnds(layout));
        Assert.Empty(LayoutGeometry.EdgesThroughNodes(layout));
        var parallel = Node(layout, "Preprocess");
        Assert.True(parallel.Bounds.Width > parallel.Children.Sum(c => c.Layout.Width) - 0.01);
    }

    [Fact]
    public void Compound_nodes_nest_to_any_depth()
    {
        var inner = new Diagram([new("Leaf", "Leaf")], []);
        var middle = new Diagram([new DiagramNode("Inner map", "Inner map", NodeKind.Map) { Children = [inner] }], []);
        var diagram = new Diagram([new DiagramNode("Outer", "Outer", NodeKind.Parallel) { Children = [middle, inner] }], []);

        var layout = LayeredLayout.Compute(diagram);

        Assert.Contains(layout.AllNodes(), n => n.Node.Node.Id == "Leaf" && n.Depth == 2);
        Assert.Empty(LayoutGeometry.Overlaps(layout));
    }

    private static bool Contains(Rect outer, Rect inner) =>
        inner.X >= outer.X - 0.01 && inner.Y >= outer.Y - 0.01 && inner.Right <= outer.Right + 0.01 && inner.Bottom <= outer.Bottom + 0.01;
}
