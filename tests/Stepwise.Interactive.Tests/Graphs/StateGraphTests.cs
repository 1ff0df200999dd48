using System.Xml.Linq;
using Stepwise.Interactive.Diagrams;
using Stepwise.Interactive.Graphs;
using Stepwise.Workflows;
using Stepwise.Workflows.Asl;

namespace Stepwise.Interactive.Tests.Graphs;

/// <summary>A state machine becomes a diagram with markers, labelled choices, dashed catches and nested boxes.</summary>
public class StateGraphTests
{
    private static StateMachine Pipeline()
    {
        var failed = new FailStep("LambdaTaskFailed");
        var build = new TaskStep("Calls CodeBuild to Build Container", "arn:aws:states:::lambda:invoke");
        build.AddRetry(new Retry("States.TaskFailed") { IntervalSeconds = 15, MaxAttempts = 2, BackoffRate = 4.0 });
        build.AddCatch(new Catch(["States.ALL"], failed));
        var check = new ChoiceStep("Good enough?");
        check.AddChoice(ChoiceRule.NumericGreaterThanEquals("$.ap", 0.5), new SucceedStep("Deploy"));
        var parallel = new ParallelStep("Evaluate").AddBranch(new PassStep("Boxes")).AddBranch(new PassStep("Masks"));
        var map = new MapStep("Each image", new PassStep("Score")) { ItemsPath = "$.images" };
        return new Graph(new Chain(build, parallel, map, check, new FailStep("Too weak"))).Build();
    }

    [Fact]
    public void Diagram_has_start_and_end_markers_and_one_node_per_top_level_state()
    {
        var diagram = StateGraph.ToDiagram(Pipeline());
        Assert.Equal(NodeKind.Start, diagram.Nodes[0].Kind);
        Assert.Contains(diagram.Nodes, n => n.Kind == NodeKind.End);
        Assert.Equal(Pipeline().States.Length + 2, diagram.Nodes.Count);
        Assert.Contains(diagram.Edges, e => e.From == diagram.Nodes[0].Id && e.To == "Calls CodeBuild to Build Container");
    }

    [Fact]
    public void Catch_edges_are_styled_and_labelled_with_the_errors()
    {
        var edge = Assert.Single(StateGraph.ToDiagram(Pipeline()).Edges, e => e.To == "LambdaTaskFailed");
        Assert.Equal(EdgeStyle.Catch, edge.Style);
        Assert.Equal("Catch: States.ALL", edge.Label);
    }

    [Fact]
    public void Choice_edges_carry_the_rule_and_the_default()
    {
        var edges = StateGraph.ToDiagram(Pipeline()).Edges.Where(e => e.From == "Good enough?").ToList();
        Assert.Contains(edges, e => e.To == "Deploy" && e.Label == "$.ap >= 0.5");
        Assert.Contains(edges, e => e.To == "Too weak" && e.Style == EdgeStyle.Default && e.Label == "Default");
    }

    [Fact]
    public void Parallel_and_Map_are_nested_diagrams()
    {
        var diagram = StateGraph.ToDiagram(Pipeline());
        Assert.Equal(2, diagram.Nodes.Single(n => n.Id == "Evaluate").Children.Count);
        Assert.Equal("Score", Assert.Single(Assert.Single(diagram.Nodes.Single(n => n.Id == "Each image").Children).Nodes).Id);
    }

    [Fact]
    public void Terminal_states_connect_to_the_end_marker()
    {
        var diagram = StateGraph.ToDiagram(Pipeline());
        var end = diagram.Nodes.Single(n => n.Kind == NodeKind.End).Id;
        Assert.Equal(["Deploy", "LambdaTaskFailed", "Too weak"], diagram.Edges.Where(e => e.To == end).Select(e => e.From).Order());
    }

    [Fact]
    public void Statuses_colour_states_and_unknown_ones_are_not_started()
    {
        var diagram = StateGraph.ToDiagram(Pipeline(), new Dictionary<string, NodeStatus> { ["Evaluate"] = NodeStatus.InProgress });
        Assert.Equal(NodeStatus.InProgress, diagram.Nodes.Single(n => n.Id == "Evaluate").Status);
        Assert.Equal(NodeStatus.NotStarted, diagram.Nodes.Single(n => n.Id == "Each image").Status);
    }

    [Fact]
    public void Rules_are_described_readably()
    {
        Assert.Equal("$.a == \"x\" and not $.b is present", StateGraph.Describe(ChoiceRule.And(ChoiceRule.StringEquals("$.a", "x"), ChoiceRule.Not(ChoiceRule.IsPresent("$.b", true)))));
        Assert.Equal("$.c is not null", StateGraph.Describe(ChoiceRule.IsNull("$.c", false)));
        Assert.Equal("$states.input.n > 1", StateGraph.Describe(ChoiceRule.Condition("{% $states.input.n > 1 %}")));
    }

    [Fact]
    public void Workflow_renders_to_well_formed_svg_with_every_state_name()
    {
        var svg = new Workflow("Pipeline", new Chain(new PassStep("A & B"), new SucceedStep("Done")), "arn:aws:iam::1:role/R").RenderGraph().Svg;
        var xml = XDocument.Parse(svg);
        Assert.Equal("svg", xml.Root!.Name.LocalName);
        Assert.Contains("A &amp; B", svg);
        Assert.DoesNotContain("<script", svg);
    }
}
