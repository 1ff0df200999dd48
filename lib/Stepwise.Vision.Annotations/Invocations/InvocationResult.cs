using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Vision.Data;
using Stepwise.Vision.Evaluation;

namespace Stepwise.Vision.Invocations;

/// <summary>
/// The answer of <c>POST /invocations</c>, written by the container and read by its clients (the notebooks).
/// JSON (default):
/// <c>{"width":W,"height":H,"score_threshold":0.5,"boxes":[[x1,y1,x2,y2],…],"labels":[…],"scores":[…],"masks":[{"size":[H,W],"counts":"…"},…]}</c>,
/// detections highest score first, masks in COCO's compressed RLE (pycocotools' <c>mask.decode</c> reads them); when no
/// detection clears the threshold, a <c>"message"</c> says so and names the parameter that lowers it.
/// PNG labels (<c>Accept: image/png</c>): one 8-bit label per pixel in the PedMasks format — 0 background, k the k-th
/// detection of the JSON order; where masks overlap the higher score wins.
/// </summary>
public sealed record InvocationResult(int Width, int Height, float ScoreThreshold, IReadOnlyList<DetectedObject> Detections)
{
    /// <summary>Why the answer is empty, naming the threshold parameter; null when there are detections.</summary>
    public string? Message => Detections.Count > 0 ? null : NoDetectionsMessage(ScoreThreshold);

    /// <summary>The message of an empty answer.</summary>
    public static string NoDetectionsMessage(float threshold) =>
        $"No detection scored at or above the score threshold {threshold.ToString("0.###", CultureInfo.InvariantCulture)}. "
        + $"Lower it with '{InvocationParameters.ScoreThreshold}': the JSON request field, the query parameter, the "
        + $"{InvocationParameters.ScoreThresholdHeader} header, or InvokeEndpoint's CustomAttributes \"{InvocationParameters.ScoreThreshold}=0.1\".";

    /// <summary>The JSON answer; without masks it is the <c>X-Detections</c> header of a PNG answer.</summary>
    public byte[] ToJson(bool includeMasks = true)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("width", Width);
            w.WriteNumber("height", Height);
            w.WriteNumber(InvocationParameters.ScoreThreshold, Math.Round(ScoreThreshold, 5));
            w.WriteStartArray("boxes");
            foreach (var d in Detections)
            {
                w.WriteStartArray();
                w.WriteNumberValue(Math.Round(d.Box.X1, 2));
                w.WriteNumberValue(Math.Round(d.Box.Y1, 2));
                w.WriteNumberValue(Math.Round(d.Box.X2, 2));
                w.WriteNumberValue(Math.Round(d.Box.Y2, 2));
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteStartArray("labels");
            foreach (var d in Detections)
                w.WriteNumberValue(d.Label);
            w.WriteEndArray();
            w.WriteStartArray("scores");
            foreach (var d in Detections)
                w.WriteNumberValue(Math.Round(d.Score, 5));
            w.WriteEndArray();
            if (includeMasks)
            {
                w.WriteStartArray("masks");
                foreach (var d in Detections)
                {
                    var mask = d.Mask ?? throw new InvalidOperationException("Every detection needs a mask for a JSON answer with masks.");
                    w.WriteStartObject();
                    w.WriteStartArray("size");
                    w.WriteNumberValue(mask.Height);
                    w.WriteNumberValue(mask.Width);
                    w.WriteEndArray();
                    w.WriteString("counts", CocoRle.Encode(mask).ToCountsString());
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            if (Message is { } message)
                w.WriteString("message", message);
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>The PNG label image (PedMasks format; up to 255 detections).</summary>
    public byte[] ToLabelPng() => PngCodec.EncodeGray(ToLabelImage());

    /// <summary>The label image: 0 background, k the k-th detection; the lowest score is painted first so the highest wins.</summary>
    public LabelImage ToLabelImage()
    {
        var labels = new byte[Width * Height];
        for (int k = Math.Min(Detections.Count, 255) - 1; k >= 0; k--)
        {
            var m = Detections[k].Mask?.Pixels;
            if (m is null)
                continue;
            if (m.Length != labels.Length)
                throw new InvalidOperationException($"Detection {k}'s mask has {m.Length} pixels; the image has {labels.Length}.");
            for (int i = 0; i < labels.Length; i++)
                if (m[i] != 0)
                    labels[i] = (byte)(k + 1);
        }
        return new LabelImage(Width, Height, labels);
    }

    /// <summary>Reads a JSON answer (masks decoded when present).</summary>
    public static InvocationResult Parse(string json) => Parse(System.Text.Encoding.UTF8.GetBytes(json));

    /// <summary>Reads a JSON answer (masks decoded when present). Throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static InvocationResult Parse(ReadOnlySpan<byte> utf8Json)
    {
        JsonObject obj;
        try
        {
            obj = JsonNode.Parse(utf8Json) as JsonObject ?? throw new FormatException("An /invocations answer is a JSON object.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"The /invocations answer is not JSON: {e.Message}", e);
        }
        var boxes = Array(obj, "boxes");
        var labels = Array(obj, "labels");
        var scores = Array(obj, "scores");
        var masks = obj["masks"] as JsonArray;
        if (labels.Count != boxes.Count || scores.Count != boxes.Count || (masks is not null && masks.Count != boxes.Count))
            throw new FormatException($"The answer's arrays differ in length: {boxes.Count} boxes, {labels.Count} labels, {scores.Count} scores{(masks is null ? "" : $", {masks.Count} masks")}.");
        int width = (int?)obj["width"] ?? 0, height = (int?)obj["height"] ?? 0;
        var detections = new List<DetectedObject>(boxes.Count);
        for (int i = 0; i < boxes.Count; i++)
        {
            var b = boxes[i] as JsonArray;
            if (b is not { Count: 4 })
                throw new FormatException($"boxes[{i}] must be [x1, y1, x2, y2].");
            BinaryMask? mask = null;
            if (masks?[i] is JsonObject m)
            {
                var size = m["size"] as JsonArray ?? throw new FormatException($"masks[{i}] has no \"size\": [height, width].");
                int mh = (int)size[0]!, mw = (int)size[1]!;
                mask = CocoRle.FromCountsString(mh, mw, (string?)m["counts"] ?? throw new FormatException($"masks[{i}] has no \"counts\".")).Decode();
                if (width == 0) (width, height) = (mw, mh);
            }
            detections.Add(new DetectedObject((int)labels[i]!, (float)scores[i]!, new Box((float)b[0]!, (float)b[1]!, (float)b[2]!, (float)b[3]!), mask));
        }
        var threshold = (float?)obj[InvocationParameters.ScoreThreshold] ?? 0f;
        return new InvocationResult(width, height, threshold, detections);
    }

    /// <summary>Reads a PNG answer: the label image gives each detection's mask, the <c>X-Detections</c> header the rest.</summary>
    public static InvocationResult FromLabelPng(ReadOnlySpan<byte> png, string detectionsHeader)
    {
        var labels = PngCodec.DecodeLabels(png);
        var header = Parse(detectionsHeader);
        var detections = header.Detections.Select((d, k) => d with { Mask = labels.MaskOf(k + 1) }).ToArray();
        return new InvocationResult(labels.Width, labels.Height, header.ScoreThreshold, detections);
    }

    static JsonArray Array(JsonObject obj, string name) =>
        obj[name] as JsonArray ?? throw new FormatException($"The /invocations answer has no \"{name}\" array.");
}
