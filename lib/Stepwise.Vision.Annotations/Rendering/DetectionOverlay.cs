using System.Globalization;
using Stepwise.Vision.Data;
using Stepwise.Vision.Evaluation;

namespace Stepwise.Vision.Rendering;

/// <summary>
/// Draws detections over their image: a translucent fill and an outline per mask, the box, and a "class score" tag,
/// instance k in <see cref="InstancePalette"/> colour k (the answer's order, highest score first, on top). Pure pixels
/// and our PNG codec, so the container's <c>render=overlay</c> answer and a notebook's view are the same picture and
/// need no native library.
/// </summary>
public static class DetectionOverlay
{
    /// <summary>The image with the detections drawn on a copy.</summary>
    public static RgbImage Render(RgbImage image, IReadOnlyList<DetectedObject> detections, OverlayOptions? options = null)
    {
        options ??= OverlayOptions.Default;
        var canvas = new Canvas(image.Width, image.Height, (byte[])image.Pixels.Clone());
        double alpha = Math.Clamp(options.MaskOpacity, 0, 1);
        int scale = options.TextScale > 0 ? options.TextScale : image.Width < 400 ? 1 : 2;
        var drawn = Enumerable.Range(0, detections.Count).Where(k => detections[k].Score >= options.MinScore).ToArray();

        // Lowest score first, so the best detection's fill and lines end on top.
        foreach (var k in drawn.Reverse())
        {
            var mask = detections[k].Mask;
            if (mask is null)
                continue;
            if (mask.Width != image.Width || mask.Height != image.Height)
                throw new ArgumentException($"Detection {k}'s mask is {mask.Width}x{mask.Height}; the image is {image.Width}x{image.Height}.", nameof(detections));
            var color = InstancePalette.For(k);
            var m = mask.Pixels;
            for (int y = 0; y < image.Height; y++)
                for (int x = 0; x < image.Width; x++)
                {
                    int i = y * image.Width + x;
                    if (m[i] == 0)
                        continue;
                    bool edge = x == 0 || y == 0 || x == image.Width - 1 || y == image.Height - 1
                        || m[i - 1] == 0 || m[i + 1] == 0 || m[i - image.Width] == 0 || m[i + image.Width] == 0;
                    if (edge && options.Outlines)
                        canvas.Set(x, y, color);
                    else
                        canvas.Blend(x, y, color, alpha);
                }
        }
        foreach (var k in drawn.Reverse())
        {
            var d = detections[k];
            var color = InstancePalette.For(k);
            int x1 = (int)MathF.Floor(d.Box.X1), y1 = (int)MathF.Floor(d.Box.Y1), x2 = (int)MathF.Ceiling(d.Box.X2), y2 = (int)MathF.Ceiling(d.Box.Y2);
            if (options.Boxes)
                canvas.Rectangle(x1, y1, x2, y2, color, thickness: scale);
            if (options.Tags)
            {
                var text = Tag(d, options);
                var (tw, th) = BitmapFont.Measure(text, scale);
                int pad = scale;
                // Above the box when there is room, else just inside its top edge.
                int ty = y1 - th - 2 * pad >= 0 ? y1 - th - 2 * pad : Math.Max(0, y1);
                int tx = Math.Clamp(x1, 0, Math.Max(0, image.Width - tw - 2 * pad));
                canvas.Fill(tx, ty, tx + tw + 2 * pad - 1, ty + th + 2 * pad - 1, color);
                var ink = Luminance(color) > 150 ? ((byte)0, (byte)0, (byte)0) : ((byte)255, (byte)255, (byte)255);
                BitmapFont.Draw(text, tx + pad, ty + pad, scale, (px, py) => canvas.Set(px, py, ink));
            }
        }
        return new RgbImage(image.Width, image.Height, canvas.Pixels);
    }

    /// <summary><see cref="Render"/> encoded as PNG.</summary>
    public static byte[] RenderPng(RgbImage image, IReadOnlyList<DetectedObject> detections, OverlayOptions? options = null) =>
        PngCodec.EncodeRgb(Render(image, detections, options));

    /// <summary>The tag of a detection: its class name (or label id) and its score to two places.</summary>
    public static string Tag(DetectedObject detection, OverlayOptions? options = null)
    {
        var name = options?.ClassNames is { } names && names.TryGetValue(detection.Label, out var n) ? n : detection.Label.ToString(CultureInfo.InvariantCulture);
        return $"{name} {detection.Score.ToString("0.00", CultureInfo.InvariantCulture)}";
    }

    /// <summary>Tiles images left to right, top to bottom, on white, each with an optional caption underneath
    /// (<paramref name="columns"/> per row; 0 picks up to 4).</summary>
    public static RgbImage Grid(IReadOnlyList<RgbImage> tiles, IReadOnlyList<string>? captions = null, int columns = 0, int gap = 6)
    {
        if (tiles.Count == 0)
            throw new ArgumentException("A grid needs at least one image.", nameof(tiles));
        if (captions is not null && captions.Count != tiles.Count)
            throw new ArgumentException($"{captions.Count} captions for {tiles.Count} images.", nameof(captions));
        int cols = columns > 0 ? Math.Min(columns, tiles.Count) : Math.Min(4, tiles.Count);
        int rows = (tiles.Count + cols - 1) / cols;
        int cellW = tiles.Max(t => t.Width), cellH = tiles.Max(t => t.Height);
        int captionH = captions is null ? 0 : BitmapFont.CellHeight + 4;
        int width = cols * cellW + (cols + 1) * gap, height = rows * (cellH + captionH) + (rows + 1) * gap;
        var pixels = new byte[width * height * 3];
        Array.Fill(pixels, (byte)255);
        var canvas = new Canvas(width, height, pixels);
        for (int t = 0; t < tiles.Count; t++)
        {
            int ox = gap + t % cols * (cellW + gap), oy = gap + t / cols * (cellH + captionH + gap);
            var tile = tiles[t];
            for (int y = 0; y < tile.Height; y++)
                Buffer.BlockCopy(tile.Pixels, y * tile.Width * 3, pixels, ((oy + y) * width + ox) * 3, tile.Width * 3);
            if (captions is not null)
            {
                var text = captions[t];
                int maxChars = Math.Max(0, (cellW + 1) / BitmapFont.CellWidth);
                if (text.Length > maxChars)
                    text = maxChars > 1 ? text[..(maxChars - 1)] + "~" : "";
                BitmapFont.Draw(text, ox, oy + tile.Height + 3, 1, (px, py) => canvas.Set(px, py, (40, 40, 40)));
            }
        }
        return new RgbImage(width, height, pixels);
    }

    static double Luminance((byte R, byte G, byte B) c) => 0.299 * c.R + 0.587 * c.G + 0.114 * c.B;

    sealed class Canvas(int width, int height, byte[] pixels)
    {
        public byte[] Pixels => pixels;

        public void Set(int x, int y, (byte R, byte G, byte B) c)
        {
            if ((uint)x >= (uint)width || (uint)y >= (uint)height)
                return;
            int i = (y * width + x) * 3;
            pixels[i] = c.R;
            pixels[i + 1] = c.G;
            pixels[i + 2] = c.B;
        }

        public void Blend(int x, int y, (byte R, byte G, byte B) c, double alpha)
        {
            int i = (y * width + x) * 3;
            pixels[i] = (byte)Math.Round(pixels[i] * (1 - alpha) + c.R * alpha);
            pixels[i + 1] = (byte)Math.Round(pixels[i + 1] * (1 - alpha) + c.G * alpha);
            pixels[i + 2] = (byte)Math.Round(pixels[i + 2] * (1 - alpha) + c.B * alpha);
        }

        public void Fill(int x1, int y1, int x2, int y2, (byte R, byte G, byte B) c)
        {
            for (int y = Math.Max(0, y1); y <= Math.Min(height - 1, y2); y++)
                for (int x = Math.Max(0, x1); x <= Math.Min(width - 1, x2); x++)
                    Set(x, y, c);
        }

        public void Rectangle(int x1, int y1, int x2, int y2, (byte R, byte G, byte B) c, int thickness)
        {
            for (int t = 0; t < thickness; t++)
            {
                Fill(x1, y1 + t, x2, y1 + t, c);
                Fill(x1, y2 - t, x2, y2 - t, c);
                Fill(x1 + t, y1, x1 + t, y2, c);
                Fill(x2 - t, y1, x2 - t, y2, c);
            }
        }
    }
}
