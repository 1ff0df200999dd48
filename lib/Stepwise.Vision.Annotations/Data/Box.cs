namespace Stepwise.Vision.Data;

/// <summary>An axis-aligned box in pixel coordinates, (x1, y1) top-left and (x2, y2) bottom-right, as torchvision's boxes.</summary>
public readonly record struct Box(float X1, float Y1, float X2, float Y2)
{
    public float Width => X2 - X1;
    public float Height => Y2 - Y1;
    public float Area => Math.Max(0, Width) * Math.Max(0, Height);

    /// <summary>The box mirrored in an image <paramref name="imageWidth"/> pixels wide, consistent with masks_to_boxes of the flipped mask.</summary>
    public Box FlipHorizontal(int imageWidth) => new(imageWidth - 1 - X2, Y1, imageWidth - 1 - X1, Y2);

    /// <summary>Intersection over union of the two boxes' areas (COCO's convention: no +1 on widths).</summary>
    public static double IoU(Box a, Box b)
    {
        double iw = Math.Min(a.X2, b.X2) - Math.Max(a.X1, b.X1), ih = Math.Min(a.Y2, b.Y2) - Math.Max(a.Y1, b.Y1);
        if (iw <= 0 || ih <= 0)
            return 0;
        double inter = iw * ih, union = (double)a.Area + b.Area - inter;
        return union <= 0 ? 0 : inter / union;
    }
}
