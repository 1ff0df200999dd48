using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Formatting;
using Stepwise.Interactive.Charts;
using Stepwise.Interactive.Formatting;
using Stepwise.Interactive.Masks;
using Stepwise.Interactive.Tables;
using Stepwise.Vision.Data;
using Stepwise.Vision.Invocations;

namespace Stepwise.Interactive.Tests.Formatting;

public class ViewFormattersTests
{
    static ViewFormattersTests() => ViewFormatters.Register();

    [Fact]
    public void A_JsonObject_shows_as_escaped_pre_instead_of_the_parent_root_tree()
    {
        var node = JsonNode.Parse("""{"a":{"b":[1,"<x>"]}}""")!;
        Assert.Contains("text/html", Formatter.GetPreferredMimeTypesFor(typeof(JsonObject)));
        var html = node.ToDisplayString("text/html");
        Assert.StartsWith("<pre", html);
        Assert.Contains("&lt;x&gt;", html);
        Assert.DoesNotContain("Parent", html);
        Assert.StartsWith("<pre", new JsonArray(1, 2).ToDisplayString("text/html"));
    }

    [Fact]
    public void Charts_show_as_svg_masks_as_base64_png_and_tables_as_html()
    {
        Assert.Contains("image/svg+xml", Formatter.GetPreferredMimeTypesFor(typeof(ChartView)));
        Assert.StartsWith("<svg", MetricChart.Line([new MetricSeries("loss", [(1, 1.0), (2, 0.5)])]).ToDisplayString("image/svg+xml"));

        Assert.Contains("image/png", Formatter.GetPreferredMimeTypesFor(typeof(MaskOverlayView)));
        var view = MaskOverlayView.Of(new RgbImage(8, 6, new byte[8 * 6 * 3]), new InvocationResult(8, 6, 0.5f, []));
        Assert.True(PngCodec.IsPng(Convert.FromBase64String(view.ToDisplayString("image/png"))));

        Assert.StartsWith("<table", new HtmlTableBuilder("A").Row(1).Build().ToDisplayString("text/html"));
    }
}
