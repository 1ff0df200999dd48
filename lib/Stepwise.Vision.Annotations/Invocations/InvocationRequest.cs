using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepwise.Vision.Invocations;

/// <summary>
/// The request side of <c>POST /invocations</c>: the body is the image file (PNG or JPEG), or JSON
/// <c>{"image": "&lt;base64&gt;", "score_threshold": 0.5}</c>; settings may also come as SageMaker custom attributes
/// (<c>score_threshold=0.3;render=overlay</c>).
/// </summary>
public static class InvocationRequest
{
    /// <summary>The JSON body for an image file's bytes and an optional score threshold.</summary>
    public static byte[] Json(ReadOnlySpan<byte> image, float? scoreThreshold = null)
    {
        var obj = new JsonObject { ["image"] = Convert.ToBase64String(image) };
        if (scoreThreshold is { } t)
            obj[InvocationParameters.ScoreThreshold] = t;
        return JsonSerializer.SerializeToUtf8Bytes(obj);
    }

    /// <summary>The CustomAttributes string of InvokeEndpoint for these settings (null when there is nothing to say).</summary>
    public static string? CustomAttributes(float? scoreThreshold = null, PngRendering? render = null)
    {
        var parts = new List<string>();
        if (scoreThreshold is { } t)
            parts.Add($"{InvocationParameters.ScoreThreshold}={t.ToString(CultureInfo.InvariantCulture)}");
        if (render is { } r)
            parts.Add($"{InvocationParameters.Render}={r.ToString().ToLowerInvariant()}");
        return parts.Count == 0 ? null : string.Join(';', parts);
    }

    /// <summary>Parses <c>key=value</c> pairs separated by <c>;</c> or <c>,</c> (keys case-insensitive; a pair without <c>=</c> is ignored,
    /// since other tools put their own flags in the same header).</summary>
    public static IReadOnlyDictionary<string, string> ParseCustomAttributes(string? attributes)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(attributes))
            return result;
        foreach (var part in attributes.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            if (eq > 0)
                result[part[..eq].Trim()] = part[(eq + 1)..].Trim();
        }
        return result;
    }

    /// <summary>Reads a score threshold or throws <see cref="FormatException"/> naming where it came from.</summary>
    public static float ParseScoreThreshold(string text, string where)
    {
        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var t) || float.IsNaN(t) || t is < 0 or > 1)
            throw new FormatException($"The {where} must be a number in [0, 1], got \"{text}\".");
        return t;
    }

    /// <summary>Reads a <see cref="PngRendering"/> name or throws <see cref="FormatException"/> naming where it came from.</summary>
    public static PngRendering ParseRendering(string text, string where) =>
        text.Trim().ToLowerInvariant() switch
        {
            "labels" or "label" or "mask" => PngRendering.Labels,
            "overlay" => PngRendering.Overlay,
            _ => throw new FormatException($"The {where} must be \"labels\" or \"overlay\", got \"{text}\"."),
        };

    /// <summary>Reads a JSON body: the image bytes and the score threshold it carries (or <paramref name="threshold"/>).
    /// Throws <see cref="FormatException"/> with a reason fit for a 400 answer.</summary>
    public static (byte[] Image, float Threshold) ParseJson(ReadOnlySpan<byte> body, float threshold)
    {
        JsonObject obj;
        try
        {
            obj = JsonNode.Parse(body) as JsonObject ?? throw new FormatException("The JSON body must be an object: {\"image\": \"<base64>\"}.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"The JSON body cannot be parsed: {e.Message}");
        }
        if (obj["image"] is not JsonValue imageNode || !imageNode.TryGetValue<string>(out var b64))
            throw new FormatException("The JSON body needs \"image\": the image file's bytes in base64.");
        byte[] image;
        try
        {
            // Tolerate a data URL prefix.
            var comma = b64.StartsWith("data:", StringComparison.Ordinal) ? b64.IndexOf(',') : -1;
            image = Convert.FromBase64String(comma >= 0 ? b64[(comma + 1)..] : b64);
        }
        catch (FormatException)
        {
            throw new FormatException("\"image\" is not valid base64.");
        }
        if (obj[InvocationParameters.ScoreThreshold] is JsonNode t)
        {
            var text = t is JsonValue v && v.TryGetValue<string>(out var s) ? s : t.ToJsonString();
            threshold = ParseScoreThreshold(text, $"field {InvocationParameters.ScoreThreshold}");
        }
        return (image, threshold);
    }
}
