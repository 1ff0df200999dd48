using System.Xml.Linq;
using Stepwise.Interactive.Diagrams;

namespace Stepwise.Interactive.Tests.Diagrams;

public class SvgRendererTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static XElement Parse(string svg) => XDocument.Parse(svg).Root!;

    [Fact]
    public void Svg_parses_as_xml_with_size_and_view_box()
    {
        var root = Parse(SvgRenderer.Render(SampleDiagrams.Large(60)));

        Assert.Equal(Svg + "svg", root.Name);
        var width = double.Parse(root.Attribute("width")!.Value, System.Globalization.CultureInfo.InvariantCulture);
        var height = double.Parse(root.Attribute("height")!.Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(width > 100 && height > 1000);
        Assert.Equal($"0 0 {root.Attribute("width")!.Value} {root.Attribute("height")!.Value}", root.Attribute("viewBox")!.Value);
    }

    [Fact]
    public void Svg_has_no_script_and_no_external_references()
    {
        var svg = SvgRenderer.Render(SampleDiagrams.ParallelAndMap(withStatus: true));
        var root = Parse(svg);

        Assert.Empty(root.Descendants(Svg + "script"));
        Assert.Empty(root.Descendants(Svg + "foreignObject"));
        Assert.Empty(root.Descendants(Svg + "image"));
        Assert.DoesNotContain("href", svg);
        Assert.DoesNotContain("@import", svg);
        Assert.DoesNotContain("http", svg.Replace("http://www.w3.org/2000/svg", string.Empty));
        Assert.All(root.DescendantsAndSelf().Attributes().Where(a => a.Name.LocalName.StartsWith("on")), a => Assert.Fail($"event handler {a}"));
        Assert.All(root.DescendantsAndSelf().Attributes().Where(a => a.Value.Contains("url(")), a => Assert.Matches(@"^url\(#[\w-]+\)$", a.Value));
    }

    [Fact]
    public void Marker_ids_follow_the_drawing_the_same_picture_has_the_same_ids_and_another_picture_others()
    {
        // Stable ids let a notebook skip re-sending an unchanged frame; two different SVGs on one page still never share
        // an id, and two identical ones share only identical markers.
        var first = Parse(SvgRenderer.Render(SampleDiagrams.MlPipeline()));
        var second = Parse(SvgRenderer.Render(SampleDiagrams.MlPipeline()));
        var other = Parse(SvgRenderer.Render(SampleDiagrams.Large(30)));

        var firstIds = Ids(first);
        Assert.NotEmpty(firstIds);
        Assert.Equal(firstIds.Count, firstIds.Distinct().Count());
        Assert.Equal(firstIds, Ids(second));
        Assert.Empty(firstIds.Intersect(Ids(other)));
    }

    [Fact]
    public void Marker_references_resolve_within_the_same_svg()
    {
        var root = Parse(SvgRenderer.Render(SampleDiagrams.Large(30)));

        var ids = Ids(root).ToHashSet();
        var references = root.Descendants().Attributes("marker-end").Select(a => a.Value[5..^1]).ToList();
        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.Contains(r, ids));
    }

    [Fact]
    public void A_given_id_prefix_makes_the_output_deterministic()
    {
        var options = new SvgOptions { IdPrefix = "wf1" };

        var first = SvgRenderer.Render(SampleDiagrams.Large(40), options);
        var second = SvgRenderer.Render(SampleDiagrams.Large(40), options);

        Assert.Equal(first, second);
        Assert.Contains("id=\"wf1-arrow\"", first);
    }

    [Fact]
    public void Labels_are_xml_escaped()
    {
        var diagram = new Diagram(
            [new("a", "Tom & Jerry <script>alert(1)</script>") { Tooltip = "\"quoted\" & 'single'" }, new("b", "B")],
            [new("a", "b", "$.x < 3 && $.y > \"z\"")],
            "Title with <tags> & ampersands");

        var svg = SvgRenderer.Render(diagram);
        var root = Parse(svg);

        Assert.Empty(root.Descendants(Svg + "script"));
        Assert.Contains("Tom &amp; Jerry &lt;script&gt;", svg);
        var texts = root.Descendants(Svg + "tspan").Select(t => t.Value).ToList();
        Assert.Contains("$.x < 3 && $.y > \"z\"", texts);
        Assert.Contains(root.Descendants(Svg + "title"), t => t.Value.Contains("\"quoted\" & 'single'"));
    }

    [Fact]
    public void Control_characters_in_labels_still_give_valid_xml()
    {
        var diagram = new Diagram([new("a", "bad\u0001name\u0008") { Tooltip = "tab\there\u0000" }], []);

        var root = Parse(SvgRenderer.Render(diagram));

        Assert.Contains(root.Descendants(Svg + "tspan"), t => t.Value == "bad name");
    }

    [Fact]
    public void Long_names_keep_the_full_name_in_a_title_tooltip()
    {
        var name = "Step that calls a rather long named service endpoint and then waits for it";
        var root = Parse(SvgRenderer.Render(new Diagram([new("x", name)], [])));

        Assert.Contains(root.Descendants(Svg + "title"), t => t.Value.StartsWith(name));
        Assert.DoesNotContain(root.Descendants(Svg + "tspan"), t => t.Value == name);
    }

    [Fact]
    public void Unknown_edge_targets_are_rejected_with_their_names()
    {
        var diagram = new Diagram([new("a", "A")], [new("a", "Missing")]);

        var error = Assert.Throws<ArgumentException>(() => SvgRenderer.Render(diagram));

        Assert.Contains("'a' -> 'Missing'", error.Message);
    }

    [Fact]
    public void Duplicate_node_ids_are_rejected()
    {
        var diagram = new Diagram([new("a", "A"), new("a", "Again")], []);

        var error = Assert.Throws<ArgumentException>(() => SvgRenderer.Render(diagram));

        Assert.Contains("'a'", error.Message);
    }

    private static List<string> Ids(XElement root) => root.DescendantsAndSelf().Attributes("id").Select(a => a.Value).ToList();
}
