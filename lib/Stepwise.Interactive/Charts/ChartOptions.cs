namespace Stepwise.Interactive.Charts;

/// <summary>Settings of <see cref="MetricChart"/>.</summary>
public sealed record ChartOptions
{
    /// <summary>Title above the plot.</summary>
    public string? Title { get; init; }
    /// <summary>Label of the x axis.</summary>
    public string XLabel { get; init; } = "epoch";
    /// <summary>Label of the y axis.</summary>
    public string? YLabel { get; init; }
    /// <summary>Width in pixels.</summary>
    public int Width { get; init; } = 640;
    /// <summary>Height in pixels.</summary>
    public int Height { get; init; } = 360;
    /// <summary>Lower end of the y axis (with <see cref="YMax"/>; otherwise the axis fits the data).</summary>
    public double? YMin { get; init; }
    /// <summary>Upper end of the y axis.</summary>
    public double? YMax { get; init; }
    /// <summary>Draw a marker at every point (series with few points always get one).</summary>
    public bool Markers { get; init; }
}
