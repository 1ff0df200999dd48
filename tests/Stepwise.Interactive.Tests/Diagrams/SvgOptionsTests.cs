using Stepwise.Interactive.Diagrams;

namespace Stepwise.Interactive.Tests.Diagrams;

public class SvgOptionsTests
{
    [Theory]
    [InlineData("1abc")]
    [InlineData("has space")]
    [InlineData("quote\"")]
    [InlineData("")]
    public void An_id_prefix_that_is_not_an_xml_name_is_rejected(string prefix)
    {
        var error = Assert.Throws<ArgumentException>(() => SvgRenderer.Render(SampleDiagrams.MlPipeline(), new SvgOptions { IdPrefix = prefix }));

        Assert.Contains("IdPrefix", error.Message);
    }

    [Fact]
    public void A_label_limit_out_of_range_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SvgRenderer.Render(SampleDiagrams.MlPipeline(), new SvgOptions { MaxLabelChars = 2 }));
    }

    [Fact]
    public void The_label_limit_changes_where_names_wrap()
    {
        var diagram = new Diagram([new("x", "Calls CodeBuild to Build Container")], []);

        var narrow = SvgRenderer.Render(diagram, new SvgOptions { MaxLabelChars = 12 });

        Assert.DoesNotContain("\">Calls CodeBuild to Build Container</tspan>", narrow);
        Assert.Contains("\">Calls</tspan>", narrow);
    }
}
