namespace Stepwise.Vision.Data;

/// <summary>Settings of the synthetic instance-segmentation set; defaults keep CPU training fast.</summary>
public sealed record SyntheticShapesOptions
{
    public int Width { get; init; } = 256;
    public int Height { get; init; } = 192;
    public int MinInstances { get; init; } = 1;
    public int MaxInstances { get; init; } = 4;
    /// <summary>An instance left with fewer visible pixels than this after occlusion is dropped.</summary>
    public int MinVisiblePixels { get; init; } = 120;
    /// <summary>An instance left with less than this fraction of its own area visible after occlusion is dropped.</summary>
    public double MinVisibleFraction { get; init; } = 0.35;
    /// <summary>Standard deviation of the per-pixel noise added to the whole image, in 8-bit levels.</summary>
    public double PixelNoise { get; init; } = 8;
    /// <summary>
    /// Give each instance its kind as class (1 ellipse, 2 rectangle, 3 polygon, 4 person-like) in a
    /// <c>PedMasks/&lt;stem&gt;_classes.txt</c> beside its mask; false: one class for every instance, as PennFudan.
    /// </summary>
    public bool LabelByKind { get; init; }

    /// <summary>Throws with a clear message when the settings cannot produce images.</summary>
    public SyntheticShapesOptions Validate()
    {
        if (Width < 16 || Height < 16 || Width > 4096 || Height > 4096)
            throw new ArgumentException($"Synthetic image size must be within 16..4096, got {Width}x{Height}.");
        if (MinInstances < 0 || MaxInstances < MinInstances || MaxInstances > 255)
            throw new ArgumentException($"Instances per image must satisfy 0 <= min <= max <= 255, got {MinInstances}..{MaxInstances}.");
        if (MinVisiblePixels < 1 || MinVisibleFraction is < 0 or > 1)
            throw new ArgumentException("MinVisiblePixels must be >= 1 and MinVisibleFraction within [0, 1].");
        return this;
    }
}
