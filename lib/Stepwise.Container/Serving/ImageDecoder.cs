using SkiaSharp;
using Stepwise.Vision.Data;

namespace Stepwise.Container.Serving;

/// <summary>Turns a client's image file (PNG, JPEG, or another format Skia knows) into RGB with SkiaSharp, which handles
/// every PNG and JPEG variant a client may send. Label masks, whose bytes must survive exactly, go through
/// <see cref="PngCodec"/> instead.</summary>
public static class ImageDecoder
{
    /// <summary>Decodes or throws <see cref="InvalidDataException"/> with a reason fit for a 400 response.</summary>
    public static RgbImage Decode(byte[] bytes)
    {
        if (bytes.Length == 0)
            throw new InvalidDataException("The request body is empty: send the image bytes (PNG or JPEG).");
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null)
            throw new InvalidDataException(PngCodec.IsPng(bytes)
                ? $"The PNG cannot be decoded: its {bytes.Length} bytes are truncated or corrupt."
                : $"The body is not a PNG or JPEG image ({bytes.Length} bytes starting {Convert.ToHexString(bytes.AsSpan(0, Math.Min(8, bytes.Length)))}).");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        if (info.Width <= 0 || info.Height <= 0 || (long)info.Width * info.Height > 50_000_000)
            throw new InvalidDataException($"Image size {info.Width}x{info.Height} is not supported.");
        using var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result is not SKCodecResult.Success)
            throw new InvalidDataException($"The {codec.EncodedFormat.ToString().ToUpperInvariant()} image cannot be decoded: {result}.");
        var rgba = bitmap.GetPixelSpan();
        var rgb = new byte[info.Width * info.Height * 3];
        for (int i = 0, n = info.Width * info.Height; i < n; i++)
        {
            rgb[3 * i] = rgba[4 * i];
            rgb[3 * i + 1] = rgba[4 * i + 1];
            rgb[3 * i + 2] = rgba[4 * i + 2];
        }
        return new RgbImage(info.Width, info.Height, rgb);
    }
}
