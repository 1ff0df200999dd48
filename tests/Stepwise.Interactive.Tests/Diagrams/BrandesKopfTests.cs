using Stepwise.Interactive.Diagrams;
using Stepwise.Interactive.Diagrams.Layout;

namespace Stepwise.Interactive.Tests.Diagrams;

public class BrandesKopfTests
{
    [Fact]
    public void A_chain_is_a_straight_vertical_line()
    {
        var ids = new[] { "A", "B", "C", "D" };
        var diagram = new Diagram(ids.Select(id => new DiagramNode(id, id)).ToArray(), [new("A", "B"), new("B", "C"), new("C", "D")]);

        var layout = LayeredLayout.Compute(diagram);

        Assert.Single(layout.Nodes.Select(n => Math.Round(n.Bounds.CenterX, 1)).Distinct());
        Assert.All(layout.Edges, e => Assert.Single(e.Points.Select(p => Math.Round(p.X, 1)).Distinct()));
    }

    [Fact]
    public void The_main_chain_stays_straight_when_a_catch_edge_branches_off()
    {
        var layout = LayeredLayout.Compute(SampleDiagrams.MlPipeline());

        var chain = new[] { "Start", "Calls CodeBuild to Build Container", "Training Step", "Save Model", "Create Endpoint Config", "Create Endpoint", "End" };
        var centers = chain.Select(id => layout.Nodes.Single(n => n.Node.Id == id).Bounds.CenterX).ToArray();
        Assert.All(centers, x => Assert.Equal(centers[0], x, 0.5));
    }

    [Fact]
    public void A_choice_is_centred_over_its_two_branches()
    {
        var diagram = new Diagram(
            [new("C", "Choose", NodeKind.Choice), new("L", "Left branch"), new("R", "Right branch")],
            [new("C", "L"), new("C", "R")]);

        var layout = LayeredLayout.Compute(diagram);

        var x = layout.Nodes.ToDictionary(n => n.Node.Id, n => n.Bounds.CenterX);
        Assert.Equal((x["L"] + x["R"]) / 2, x["C"], 1.0);
    }

    [Fact]
    public void Neighbours_in_a_rank_keep_their_separation()
    {
        var layout = LayeredLayout.Compute(SampleDiagrams.Large(120));

        foreach (var rank in layout.Nodes.GroupBy(n => Math.Round(n.Bounds.CenterY)))
        {
            var boxes = rank.Select(n => n.Bounds).OrderBy(b => b.X).ToArray();
            for (var i = 1; i < boxes.Length; i++)
            {
                Assert.True(boxes[i].X - boxes[i - 1].Right >= LayoutMetrics.NodeGap - 0.01, $"{boxes[i - 1]} and {boxes[i]} are too close");
            }
        }
    }
}
