namespace Stepwise.Vision.Rendering;

/// <summary>Colours per detected instance: the ten of matplotlib's tab10, in order, so instance k is always the same colour.</summary>
public static class InstancePalette
{
    static readonly (byte R, byte G, byte B)[] Colors =
    [
        (0x1F, 0x77, 0xB4), (0xFF, 0x7F, 0x0E), (0x2C, 0xA0, 0x2C), (0xD6, 0x27, 0x28), (0x94, 0x67, 0xBD),
        (0x8C, 0x56, 0x4B), (0xE3, 0x77, 0xC2), (0x7F, 0x7F, 0x7F), (0xBC, 0xBD, 0x22), (0x17, 0xBE, 0xCF),
    ];

    /// <summary>How many distinct colours there are before they repeat.</summary>
    public static int Count => Colors.Length;

    /// <summary>The colour of instance <paramref name="index"/> (0-based, in the answer's order).</summary>
    public static (byte R, byte G, byte B) For(int index) => Colors[((index % Colors.Length) + Colors.Length) % Colors.Length];

    /// <summary>The colour as <c>#RRGGBB</c>.</summary>
    public static string Hex(int index)
    {
        var (r, g, b) = For(index);
        return $"#{r:X2}{g:X2}{b:X2}";
    }
}
