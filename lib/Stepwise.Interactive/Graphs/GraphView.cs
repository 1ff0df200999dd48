using Stepwise.Workflows;
using Stepwise.Workflows.Asl;

namespace Stepwise.Interactive.Graphs;

/// <summary>A rendered state graph; notebooks display it as inline SVG.</summary>
/// <param name="Svg">The self-contained SVG markup.</param>
public sealed record GraphView(string Svg)
{
    /// <summary>The SVG markup.</summary>
    public override string ToString() => Svg;
}

/// <summary><c>RenderGraph()</c> for workflows and definitions, as the Python SDK's <c>render_graph()</c>.</summary>
public static class GraphRendering
{
    /// <summary>The workflow's state graph.</summary>
    public static GraphView RenderGraph(this Workflow workflow) => new(StateGraph.ToSvg(workflow.Definition, title: workflow.Name));

    /// <summary>The definition's state graph.</summary>
    public static GraphView RenderGraph(this StateMachine machine) => new(StateGraph.ToSvg(machine));

    /// <summary>The graph of linked steps.</summary>
    public static GraphView RenderGraph(this Graph graph) => new(StateGraph.ToSvg(graph.Build()));
}
