using System.Text.Json;
using Stepwise.Vision.Data;
using Stepwise.Vision.Evaluation;
using Stepwise.Vision.Invocations;

namespace Stepwise.Vision.Annotations.Tests.Invocations;

public class InvocationResultTests
{
    static BinaryMask Rect(int w, int h, int x1, int y1, int x2, int y2)
    {
        var m = new byte[w * h];
        for (int y = y1; y <= y2; y++)
            for (int x = x1; x <= x2; x++)
                m[y * w + x] = 1;
        return new BinaryMask(w, h, m);
    }

    static InvocationResult Two() => new(12, 8, 0.25f,
    [
        new DetectedObject(1, 0.9f, new Box(0, 0, 5, 3), Rect(12, 8, 0, 0, 5, 3)),
        new DetectedObject(2, 0.4f, new Box(3, 2, 11, 7), Rect(12, 8, 3, 2, 11, 7)),
    ]);

    [Fact]
    public void Json_round_trips_boxes_labels_scores_and_RLE_masks()
    {
        var original = Two();
        var back = InvocationResult.Parse(original.ToJson());
        Assert.Equal((12, 8, 0.25f), (back.Width, back.Height, back.ScoreThreshold));
        Assert.Equal([1, 2], back.Detections.Select(d => d.Label));
        Assert.Equal([0.9f, 0.4f], back.Detections.Select(d => d.Score));
        Assert.Equal(new Box(3, 2, 11, 7), back.Detections[1].Box);
        for (int k = 0; k < 2; k++)
            Assert.Equal(original.Detections[k].Mask!.Pixels, back.Detections[k].Mask!.Pixels);
    }

    [Fact]
    public void Json_keeps_the_wire_names_pycocotools_reads()
    {
        var root = JsonDocument.Parse(Two().ToJson()).RootElement;
        Assert.Equal(["width", "height", "score_threshold", "boxes", "labels", "scores", "masks"], root.EnumerateObject().Select(p => p.Name));
        var mask = root.GetProperty("masks")[0];
        Assert.Equal([8, 12], mask.GetProperty("size").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal(CocoRle.Encode(Rect(12, 8, 0, 0, 5, 3)).ToCountsString(), mask.GetProperty("counts").GetString());
        Assert.False(JsonDocument.Parse(Two().ToJson(includeMasks: false)).RootElement.TryGetProperty("masks", out _));
    }

    [Fact]
    public void An_empty_answer_says_no_detection_cleared_the_threshold_and_names_the_parameter()
    {
        var empty = new InvocationResult(12, 8, 0.7f, []);
        var root = JsonDocument.Parse(empty.ToJson()).RootElement;
        var message = root.GetProperty("message").GetString()!;
        Assert.Contains("0.7", message);
        Assert.Contains(InvocationParameters.ScoreThreshold, message);
        Assert.Contains("CustomAttributes", message);
        Assert.Equal(message, InvocationResult.Parse(empty.ToJson()).Message);
        Assert.Null(Two().Message);
    }

    [Fact]
    public void Label_png_gives_the_kth_detection_id_k_and_the_best_score_wins_overlaps()
    {
        var result = Two();
        var labels = PngCodec.DecodeLabels(result.ToLabelPng());
        Assert.Equal(1, labels.Labels[2 * 12 + 4]);  // in both: the first (higher score) wins
        Assert.Equal(2, labels.Labels[7 * 12 + 11]);
        Assert.Equal(0, labels.Labels[7 * 12 + 0]);
        var back = InvocationResult.FromLabelPng(result.ToLabelPng(), System.Text.Encoding.UTF8.GetString(result.ToJson(includeMasks: false)));
        Assert.Equal(result.Detections[0].Mask!.Pixels, back.Detections[0].Mask!.Pixels);
        Assert.Equal(2, back.Detections.Count);
    }

    [Theory]
    [InlineData("{\"boxes\": [[0,0,1,1]], \"labels\": [], \"scores\": [0.5]}", "differ in length")]
    [InlineData("{\"labels\": [], \"scores\": []}", "\"boxes\"")]
    [InlineData("[1, 2]", "JSON object")]
    [InlineData("not json", "not JSON")]
    public void Parse_explains_a_malformed_answer(string json, string expected)
    {
        var e = Assert.Throws<FormatException>(() => InvocationResult.Parse(json));
        Assert.Contains(expected, e.Message);
    }
}
