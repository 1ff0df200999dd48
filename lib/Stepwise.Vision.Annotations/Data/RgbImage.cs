namespace Stepwise.Vision.Data;

/// <summary>An 8-bit RGB image, rows top to bottom, pixels interleaved (HWC), as PNG and the model's input expect.</summary>
public sealed record RgbImage(int Width, int Height, byte[] Pixels)
{
    /// <summary>A black image of the given size.</summary>
    public static RgbImage Blank(int width, int height) => new(width, height, new byte[width * height * 3]);

    /// <summary>Reads a PNG file.</summary>
    public static RgbImage Load(string path) => PngCodec.DecodeRgb(File.ReadAllBytes(path));

    /// <summary>Writes a PNG file.</summary>
    public void Save(string path) => File.WriteAllBytes(path, PngCodec.EncodeRgb(this));

    /// <summary>The image mirrored left to right.</summary>
    public RgbImage FlipHorizontal()
    {
        var dst = new byte[Pixels.Length];
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
            {
                int s = (y * Width + x) * 3, d = (y * Width + Width - 1 - x) * 3;
                dst[d] = Pixels[s];
                dst[d + 1] = Pixels[s + 1];
                dst[d + 2] = Pixels[s + 2];
            }
        return new RgbImage(Width, Height, dst);
    }
}
