namespace Stepwise.Interactive.Diagrams;

/// <summary>Settings for <see cref="SvgRenderer.Render"/>.</summary>
public sealed record SvgOptions
{
    /// <summary>Prefix of the ids inside the SVG; null picks a fresh one per render so several SVGs can share a page.</summary>
    public string? IdPrefix { get; init; }

    /// <summary>Whether to draw the status legend; null draws it when any node has a <see cref="DiagramNode.Status"/>.</summary>
    public bool? ShowLegend { get; init; }

    /// <summary>Node labels wrap at this many characters, on two lines at most; the full label is in the tooltip.</summary>
    public int MaxLabelChars { get; init; } = 40;

    /// <summary>Throws when a setting cannot be honoured.</summary>
    /// <exception cref="ArgumentException">The id prefix is not a valid XML name, or the label length is out of range.</exception>
    internal void Validate()
    {
        if (MaxLabelChars is < 8 or > 200)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxLabelChars), MaxLabelChars, "SvgOptions.MaxLabelChars must be between 8 and 200.");
        }

        if (IdPrefix is not null && !IsXmlName(IdPrefix))
        {
            throw new ArgumentException($"SvgOptions.IdPrefix '{IdPrefix}' must start with a letter or '_' and contain only letters, digits, '_' and '-'.", nameof(IdPrefix));
        }
    }

    private static bool IsXmlName(string value) =>
        value.Length > 0 && (char.IsAsciiLetter(value[0]) || value[0] == '_') && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
}
