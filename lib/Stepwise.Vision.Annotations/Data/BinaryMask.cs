namespace Stepwise.Vision.Data;

/// <summary>One instance's mask: one byte per pixel, row-major, 1 inside and 0 outside.</summary>
public sealed record BinaryMask(int Width, int Height, byte[] Pixels)
{
    /// <summary>Number of pixels inside.</summary>
    public int Area()
    {
        int n = 0;
        foreach (var p in Pixels)
            n += p != 0 ? 1 : 0;
        return n;
    }

    /// <summary>
    /// The tight box as torchvision's masks_to_boxes computes it: (min x, min y, max x, max y) of the pixels inside,
    /// so a one-pixel mask has a zero-size box. Null for an empty mask.
    /// </summary>
    public Box? BoundingBox()
    {
        int x1 = int.MaxValue, y1 = int.MaxValue, x2 = -1, y2 = -1;
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
                if (Pixels[y * Width + x] != 0)
                {
                    if (x < x1) x1 = x;
                    if (x > x2) x2 = x;
                    if (y < y1) y1 = y;
                    if (y > y2) y2 = y;
                }
        return x2 < 0 ? null : new Box(x1, y1, x2, y2);
    }

    /// <summary>The mask mirrored left to right.</summary>
    public BinaryMask FlipHorizontal()
    {
        var dst = new byte[Pixels.Length];
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
                dst[y * Width + Width - 1 - x] = Pixels[y * Width + x];
        return new BinaryMask(Width, Height, dst);
    }
}
