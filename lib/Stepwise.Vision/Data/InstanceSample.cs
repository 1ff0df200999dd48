namespace Stepwise.Vision.Data;

/// <summary>One image with its instances: a binary mask, a box (from the mask) and a class label each.</summary>
public sealed record InstanceSample(string Id, RgbImage Image, IReadOnlyList<BinaryMask> Masks, IReadOnlyList<Box> Boxes, IReadOnlyList<int> Labels)
{
    public int Count => Masks.Count;

    /// <summary>Builds a sample from an instance-id image: one instance per non-zero id, boxes from the masks, every label <paramref name="label"/>.
    /// Instances whose box has no width or height are left out: torchvision's detection models reject such targets.</summary>
    public static InstanceSample FromLabelImage(string id, RgbImage image, LabelImage labels, int label = 1) =>
        FromLabelImage(id, image, labels, _ => label);

    /// <summary>As above, with each instance's class given by its id in the label image.</summary>
    public static InstanceSample FromLabelImage(string id, RgbImage image, LabelImage labels, Func<int, int> classOf)
    {
        if (image.Width != labels.Width || image.Height != labels.Height)
            throw new InvalidDataException($"'{id}': the mask is {labels.Width}x{labels.Height} but the image is {image.Width}x{image.Height}.");
        var masks = new List<BinaryMask>();
        var boxes = new List<Box>();
        var classes = new List<int>();
        foreach (var k in labels.InstanceIds())
        {
            var mask = labels.MaskOf(k);
            var box = mask.BoundingBox()!.Value;
            if (box.Width <= 0 || box.Height <= 0)
                continue;
            masks.Add(mask);
            boxes.Add(box);
            classes.Add(classOf(k));
        }
        return new InstanceSample(id, image, masks, boxes, [.. classes]);
    }

    /// <summary>Horizontal-flip augmentation: image, masks and boxes mirrored together.</summary>
    public InstanceSample FlipHorizontal() => this with
    {
        Image = Image.FlipHorizontal(),
        Masks = Masks.Select(m => m.FlipHorizontal()).ToArray(),
        Boxes = Boxes.Select(b => b.FlipHorizontal(Image.Width)).ToArray(),
    };
}
