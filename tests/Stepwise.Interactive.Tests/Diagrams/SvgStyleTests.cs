using System.Xml.Linq;
using Stepwise.Interactive.Diagrams;

namespace Stepwise.Interactive.Tests.Diagrams;

public class SvgStyleTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static XElement Parse(string svg) => XDocument.Parse(svg).Root!;

    /// <summary>The &lt;g&gt; drawn for a node: the group whose tooltip starts with the node's label.</summary>
    private static XElement NodeGroup(XElement root, string label) =>
        root.Descendants(Svg + "g").First(g => g.Element(Svg + "title")?.Value.Split('\n')[0] == label);

    [Fact]
    public void Catch_edges_are_dashed()
    {
        var root = Parse(SvgRenderer.Render(SampleDiagrams.MlPipeline()));

        var paths = root.Descendants(Svg + "path").Where(p => p.Attribute("marker-end") is not null).ToList();
        var catchPath = Assert.Single(paths, p => p.Element(Svg + "title")!.Value.Contains("Catch"));
        Assert.NotNull(catchPath.Attribute("stroke-dasharray"));
        Assert.All(paths.Where(p => p != catchPath), p => Assert.Null(p.Attribute("stroke-dasharray")));
    }

    [Fact]
    public void Default_choice_labels_are_italic()
    {
        var root = Parse(SvgRenderer.Render(SampleDiagrams.ParallelAndMap()));

        var label = root.Descendants(Svg + "text").First(t => t.Value == "Default");
        Assert.Equal("italic", label.Attribute("font-style")?.Value);
    }

    [Theory]
    [InlineData(NodeStatus.Succeeded, "#2BD62E")]
    [InlineData(NodeStatus.Failed, "#DE322F")]
    [InlineData(NodeStatus.Cancelled, "#DDDDDD")]
    [InlineData(NodeStatus.InProgress, "#53C9ED")]
    [InlineData(NodeStatus.Caught, "#FFA500")]
    [InlineData(NodeStatus.NotStarted, "#FFFFFF")]
    public void Status_colours_match_the_python_sdk_palette(NodeStatus status, string fill)
    {
        var root = Parse(SvgRenderer.Render(new Diagram([new("s", "State") { Status = status }], [])));

        var rect = NodeGroup(root, "State").Element(Svg + "rect")!;
        Assert.Equal(fill, rect.Attribute("fill")!.Value);
    }

    [Fact]
    public void Not_started_states_are_white_with_a_grey_border()
    {
        var root = Parse(SvgRenderer.Render(new Diagram([new("s", "State") { Status = NodeStatus.NotStarted }], [])));

        var rect = NodeGroup(root, "State").Element(Svg + "rect")!;
        Assert.Equal("#FFFFFF", rect.Attribute("fill")!.Value);
        Assert.Equal("#9AA0A6", rect.Attribute("stroke")!.Value);
    }

    [Fact]
    public void Legend_appears_only_when_a_status_is_set()
    {
        var plain = SvgRenderer.Render(SampleDiagrams.MlPipeline());
        var withStatus = SvgRenderer.Render(SampleDiagrams.MlPipeline(withStatus: true));
        var forced = SvgRenderer.Render(SampleDiagrams.MlPipeline(), new SvgOptions { ShowLegend = true });

        Assert.DoesNotContain("Caught error", plain);
        Assert.Contains("Caught error", withStatus);
        Assert.Contains("Caught error", forced);
    }

    [Fact]
    public void A_status_inside_a_parallel_branch_also_shows_the_legend()
    {
        var branch = new Diagram([new("t", "T") { Status = NodeStatus.InProgress }], []);
        var diagram = new Diagram([new("p", "P", NodeKind.Parallel) { Children = [branch] }], []);

        Assert.Contains("In progress", SvgRenderer.Render(diagram));
    }

    [Fact]
    public void Start_is_a_filled_circle_and_end_a_ringed_one()
    {
        var root = Parse(SvgRenderer.Render(SampleDiagrams.MlPipeline()));

        var start = NodeGroup(root, "Start").Elements(Svg + "circle").ToList();
        var end = NodeGroup(root, "End").Elements(Svg + "circle").ToList();
        Assert.Single(start);
        Assert.Equal(2, end.Count);
        Assert.Equal("Start", NodeGroup(root, "Start").Element(Svg + "text")!.Value);
    }

    [Fact]
    public void Choice_has_a_diamond_icon_and_its_own_colour()
    {
        var diagram = new Diagram([new("c", "Is it done?", NodeKind.Choice), new("t", "Plain task")], []);
        var root = Parse(SvgRenderer.Render(diagram));

        var choice = NodeGroup(root, "Is it done?");
        var task = NodeGroup(root, "Plain task");
        Assert.NotNull(choice.Element(Svg + "path"));
        Assert.NotEqual(choice.Element(Svg + "rect")!.Attribute("fill")!.Value, task.Element(Svg + "rect")!.Attribute("fill")!.Value);
    }

    [Fact]
    public void Succeed_and_fail_states_are_green_and_red()
    {
        var diagram = new Diagram([new("s", "Done", NodeKind.Succeed), new("f", "Broken", NodeKind.Fail)], []);
        var root = Parse(SvgRenderer.Render(diagram));

        Assert.Equal("#1FA223", NodeGroup(root, "Done").Element(Svg + "rect")!.Attribute("stroke")!.Value);
        Assert.Equal("#C62828", NodeGroup(root, "Broken").Element(Svg + "rect")!.Attribute("stroke")!.Value);
    }

    [Fact]
    public void Parallel_branches_are_separated_by_dashed_lines()
    {
        var root = Parse(SvgRenderer.Render(SampleDiagrams.ParallelAndMap()));

        var parallel = NodeGroup(root, "Preprocess");
        Assert.Equal(2, parallel.Elements(Svg + "line").Count(l => l.Attribute("stroke-dasharray") is not null));
        Assert.Contains(parallel.Descendants(Svg + "text"), t => t.Value == "PARALLEL");
        Assert.Contains(parallel.Descendants(Svg + "text"), t => t.Value == "Branch 3");
    }

    [Fact]
    public void Map_is_labelled_map_and_its_name()
    {
        var root = Parse(SvgRenderer.Render(SampleDiagrams.ParallelAndMap()));

        var map = NodeGroup(root, "Score each item");
        var texts = map.Elements(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("MAP", texts);
        Assert.Contains("Score each item", texts);
    }
}
