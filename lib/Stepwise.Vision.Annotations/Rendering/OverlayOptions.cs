namespace Stepwise.Vision.Rendering;

/// <summary>Settings of <see cref="DetectionOverlay"/>.</summary>
public sealed record OverlayOptions
{
    /// <summary>Class names by label id (the tag shows the id when a label has no name; 0 is the background).</summary>
    public IReadOnlyDictionary<int, string>? ClassNames { get; init; }

    /// <summary>Opacity of the mask fill, 0–1.</summary>
    public double MaskOpacity { get; init; } = 0.45;

    /// <summary>Draw each mask's outline in its full colour.</summary>
    public bool Outlines { get; init; } = true;

    /// <summary>Draw each box.</summary>
    public bool Boxes { get; init; } = true;

    /// <summary>Draw the "class score" tag at each box's top-left corner.</summary>
    public bool Tags { get; init; } = true;

    /// <summary>Pixel scale of the tag's 5×7 font; 0 picks one from the image size (1 below 400 px wide, else 2).</summary>
    public int TextScale { get; init; }

    /// <summary>Only detections at or above this score are drawn.</summary>
    public float MinScore { get; init; }

    /// <summary>Options naming the classes by position (label 0 is the background), as model/config.json lists them.</summary>
    public static OverlayOptions WithClasses(params IReadOnlyList<string> classes) =>
        new() { ClassNames = classes.Select((name, label) => (name, label)).ToDictionary(p => p.label, p => p.name) };

    /// <summary>The defaults.</summary>
    public static OverlayOptions Default { get; } = new();
}
