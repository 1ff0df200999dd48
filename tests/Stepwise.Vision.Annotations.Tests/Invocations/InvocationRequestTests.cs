using Stepwise.Vision.Invocations;

namespace Stepwise.Vision.Annotations.Tests.Invocations;

public class InvocationRequestTests
{
    [Fact]
    public void Custom_attributes_parse_key_value_pairs_and_ignore_other_flags()
    {
        var a = InvocationRequest.ParseCustomAttributes("Render=overlay; score_threshold=0.3,trace-id");
        Assert.Equal("overlay", a["render"]);
        Assert.Equal("0.3", a["SCORE_THRESHOLD"]);
        Assert.Equal(2, a.Count);
        Assert.Empty(InvocationRequest.ParseCustomAttributes(null));
    }

    [Fact]
    public void Custom_attributes_are_written_as_the_server_reads_them()
    {
        var text = InvocationRequest.CustomAttributes(0.25f, PngRendering.Overlay)!;
        Assert.Equal("score_threshold=0.25;render=overlay", text);
        var back = InvocationRequest.ParseCustomAttributes(text);
        Assert.Equal(PngRendering.Overlay, InvocationRequest.ParseRendering(back["render"], "x"));
        Assert.Equal(0.25f, InvocationRequest.ParseScoreThreshold(back["score_threshold"], "x"));
        Assert.Null(InvocationRequest.CustomAttributes());
    }

    [Fact]
    public void Json_request_round_trips_the_image_and_threshold()
    {
        var (image, threshold) = InvocationRequest.ParseJson(InvocationRequest.Json([1, 2, 3], 0.125f), 0.5f);
        Assert.Equal([1, 2, 3], image);
        Assert.Equal(0.125f, threshold);
        Assert.Equal(0.5f, InvocationRequest.ParseJson(InvocationRequest.Json([9]), 0.5f).Threshold);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("NaN")]
    [InlineData("abc")]
    public void A_threshold_outside_0_1_is_refused_saying_where_it_came_from(string text)
    {
        var e = Assert.Throws<FormatException>(() => InvocationRequest.ParseScoreThreshold(text, "header X-Score-Threshold"));
        Assert.Contains("header X-Score-Threshold", e.Message);
    }

    [Fact]
    public void Bad_json_requests_have_reasons()
    {
        Assert.Contains("\"image\"", Assert.Throws<FormatException>(() => InvocationRequest.ParseJson("{\"image\": 5}"u8, 0.5f)).Message);
        Assert.Contains("base64", Assert.Throws<FormatException>(() => InvocationRequest.ParseJson("{\"image\": \"@@\"}"u8, 0.5f)).Message);
        Assert.Contains("sketch", Assert.Throws<FormatException>(() => InvocationRequest.ParseRendering("sketch", "query parameter render")).Message);
    }
}
