using System.Globalization;
using SkiaSharp;
using Stepwise.Vision.Data;
using Stepwise.Vision.Evaluation;
using Stepwise.Vision.Invocations;
using Stepwise.Vision.Rendering;

namespace Stepwise.Interactive.Masks;

/// <summary>
/// Detections over their image as one PNG (a notebook shows it as <c>image/png</c>, which renders in Jupyter, VS Code,
/// GitHub and an HTML export): a translucent colour per instance, its outline, and a box tagged "class score" —
/// the same picture as the endpoint's <c>render=overlay</c> answer (<see cref="DetectionOverlay"/>).
/// <code>MaskOverlayView.Of(imageBytes, InvocationResult.Parse(answer.Body), OverlayOptions.WithClasses("background", "pedestrian"))</code>
/// </summary>
public sealed class MaskOverlayView
{
    MaskOverlayView(RgbImage image, string caption)
    {
        Image = image;
        Caption = caption;
        Png = PngCodec.EncodeRgb(image);
    }

    /// <summary>The drawn image.</summary>
    public RgbImage Image { get; }

    /// <summary>A one-line description (count and threshold); the caption of this view in a grid.</summary>
    public string Caption { get; }

    /// <summary>The PNG bytes.</summary>
    public byte[] Png { get; }

    /// <summary>The detections of an <c>/invocations</c> answer over the image file that was sent (PNG or JPEG).</summary>
    public static MaskOverlayView Of(byte[] imageFile, InvocationResult result, OverlayOptions? options = null, string? caption = null) =>
        Of(DecodeImage(imageFile), result, options, caption);

    /// <summary>The detections of an <c>/invocations</c> answer over the image.</summary>
    public static MaskOverlayView Of(RgbImage image, InvocationResult result, OverlayOptions? options = null, string? caption = null) =>
        Of(image, result.Detections, options, caption ?? Describe(result, options));

    /// <summary>Detections (or ground truth as detections of score 1) over the image.</summary>
    public static MaskOverlayView Of(RgbImage image, IReadOnlyList<DetectedObject> detections, OverlayOptions? options = null, string? caption = null) =>
        new(DetectionOverlay.Render(image, detections, options), caption ?? $"{detections.Count(d => d.Score >= (options?.MinScore ?? 0))} instances");

    /// <summary>Several views tiled in one PNG, each captioned (<paramref name="columns"/> per row; 0 picks up to 4).</summary>
    public static MaskOverlayView Grid(IEnumerable<MaskOverlayView> views, int columns = 0)
    {
        var list = views.ToArray();
        return new MaskOverlayView(DetectionOverlay.Grid(list.Select(v => v.Image).ToArray(), list.Select(v => v.Caption).ToArray(), columns),
            $"{list.Length} images");
    }

    /// <summary>The PNG as base64, what a notebook's <c>image/png</c> output holds.</summary>
    public string Base64 => Convert.ToBase64String(Png);

    /// <summary>Writes the PNG to a file.</summary>
    public void Save(string path) => File.WriteAllBytes(path, Png);

    /// <inheritdoc />
    public override string ToString() => $"{Caption} ({Image.Width}x{Image.Height} PNG, {Png.Length} bytes)";

    static string Describe(InvocationResult result, OverlayOptions? options)
    {
        var t = result.ScoreThreshold.ToString("0.##", CultureInfo.InvariantCulture);
        if (result.Detections.Count == 0)
            return $"no detection >= {t}";
        var best = result.Detections.Max(d => d.Score).ToString("0.00", CultureInfo.InvariantCulture);
        return $"{result.Detections.Count} detection{(result.Detections.Count == 1 ? "" : "s")} >= {t}, best {best}";
    }

    /// <summary>Decodes an image file: PNG with our codec (exact), anything else (JPEG, …) with SkiaSharp.</summary>
    public static RgbImage DecodeImage(byte[] imageFile)
    {
        if (PngCodec.IsPng(imageFile))
            return PngCodec.DecodeRgb(imageFile);
        using var data = SKData.CreateCopy(imageFile);
        using var codec = SKCodec.Create(data)
            ?? throw new InvalidDataException($"The {imageFile.Length} bytes are not a PNG or JPEG image.");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        if (codec.GetPixels(info, bitmap.GetPixels()) is not SKCodecResult.Success and var result)
            throw new InvalidDataException($"The {codec.EncodedFormat} image cannot be decoded: {result}.");
        var rgba = bitmap.GetPixelSpan();
        var rgb = new byte[info.Width * info.Height * 3];
        for (int i = 0, n = info.Width * info.Height; i < n; i++)
            (rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]) = (rgba[4 * i], rgba[4 * i + 1], rgba[4 * i + 2]);
        return new RgbImage(bitmap.Width, bitmap.Height, rgb);
    }
}
