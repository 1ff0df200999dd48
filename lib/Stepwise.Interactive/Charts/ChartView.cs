namespace Stepwise.Interactive.Charts;

/// <summary>A rendered chart: static SVG (shown in notebooks) and the same chart as PNG. No script, no external URL.</summary>
public sealed class ChartView(string svg, Func<byte[]> png)
{
    readonly Lazy<byte[]> _png = new(png);

    /// <summary>The chart as an SVG document (ids made unique to this chart, so several can sit in one page).</summary>
    public string Svg { get; } = svg;

    /// <summary>The chart as PNG.</summary>
    public byte[] Png => _png.Value;

    /// <summary>Writes the SVG (<c>.svg</c>) or PNG (any other extension) to a file.</summary>
    public void Save(string path)
    {
        if (path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase))
            File.WriteAllText(path, Svg);
        else
            File.WriteAllBytes(path, Png);
    }

    /// <inheritdoc />
    public override string ToString() => Svg;
}
