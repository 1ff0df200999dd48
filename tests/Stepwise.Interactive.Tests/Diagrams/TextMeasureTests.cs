using Stepwise.Interactive.Diagrams.Layout;

namespace Stepwise.Interactive.Tests.Diagrams;

public class TextMeasureTests
{
    [Fact]
    public void Width_is_about_seven_pixels_per_character_at_12px()
    {
        var width = TextMeasure.Width("Create Endpoint Config");

        Assert.InRange(width / "Create Endpoint Config".Length, 6.0, 8.0);
    }

    [Fact]
    public void Wrapping_breaks_at_spaces_and_underscores_before_the_limit()
    {
        var text = TextMeasure.Wrap("Calls_CodeBuild_to_Build_Container_and_push", 20, 3);

        Assert.All(text.Lines, line => Assert.True(line.Length <= 20));
        Assert.Equal("Calls_CodeBuild_to_Build_Container_and_push", string.Concat(text.Lines));
        Assert.False(text.IsTruncated);
    }

    [Fact]
    public void Wrapping_prefers_spaces_to_other_break_characters()
    {
        var text = TextMeasure.Wrap("$.status == \"SUCCEEDED\" and $.attempts < 10", 30, 2);

        Assert.Equal(["$.status == \"SUCCEEDED\" and", "$.attempts < 10"], text.Lines);
    }

    [Fact]
    public void Control_characters_and_lone_surrogates_are_dropped()
    {
        var text = TextMeasure.Wrap("a\u0001b\nc\ud800d 🙂", 40, 2);

        Assert.Equal("a b c d 🙂", text.Lines[0]);
    }
}
