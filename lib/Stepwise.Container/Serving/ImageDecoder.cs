using SkiaSharp;
using Stepwise.Vision.Data;

namespace Stepwise.Container.Serving;

/// <summary>Turns request bytes into RGB: PNG with the dataset's own codec, JPEG (and other formats Skia knows) with SkiaSharp.</summary>
public static class ImageDecoder
{
    /// <summary>Decodes or throws <see cref="InvalidDataException"/> with a reason fit for a 400 response.</summary>
    public static RgbImage Decode(byte[] bytes)
    {
        if (bytes.Length == 0)
            throw new InvalidDataException("The request body is empty: send the image bytes (PNG or JPEG).");
        if (PngCodec.IsPng(bytes))
        {
            try
            {
                return PngCodec.DecodeRgb(bytes);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"The PNG cannot be decoded: {e.Message}", e);
            }
        }
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data)
            ?? throw new InvalidDataException($"The body is not a PNG or JPEG image ({bytes.Length} bytes starting {Convert.ToHexString(bytes.AsSpan(0, Math.Min(8, bytes.Length)))}).");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        if (info.Width <= 0 || info.Height <= 0 || (long)info.Width * info.Height > 50_000_000)
            throw new InvalidDataException($"Image size {info.Width}x{info.Height} is not supported.");
        using var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
            throw new InvalidDataException($"The {codec.EncodedFormat} image cannot be decoded: {result}.");
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
