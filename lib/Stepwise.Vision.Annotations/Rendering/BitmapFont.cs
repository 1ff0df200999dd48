namespace Stepwise.Vision.Rendering;

/// <summary>
/// A 5×7 pixel font for printable ASCII, so labels can be drawn into a PNG with no font files or native text stack
/// (a container image has neither). Each glyph is five columns, bit 0 the top row; a character cell is 6×8.
/// Characters outside ASCII 32–126 draw as '?'.
/// </summary>
public static class BitmapFont
{
    /// <summary>Width of one character cell at scale 1.</summary>
    public const int CellWidth = 6;

    /// <summary>Height of one character cell at scale 1.</summary>
    public const int CellHeight = 8;

    static readonly byte[] Glyphs = Convert.FromHexString(
        "0000000000" + "00005F0000" + "0007000700" + "147F147F14" + "242A7F2A12" + "2313086462" + "3649552250" + "0005030000" +
        "001C224100" + "0041221C00" + "14083E0814" + "08083E0808" + "0050300000" + "0808080808" + "0060600000" + "2010080402" +
        "3E5149453E" + "00427F4000" + "4261514946" + "2141454B31" + "1814127F10" + "2745454539" + "3C4A494930" + "0171090503" +
        "3649494936" + "064949291E" + "0036360000" + "0056360000" + "0814224100" + "1414141414" + "0041221408" + "0201510906" +
        "324979413E" + "7E1111117E" + "7F49494936" + "3E41414122" + "7F4141221C" + "7F49494941" + "7F09090901" + "3E4149497A" +
        "7F0808087F" + "00417F4100" + "2040413F01" + "7F08142241" + "7F40404040" + "7F020C027F" + "7F0408107F" + "3E4141413E" +
        "7F09090906" + "3E4151215E" + "7F09192946" + "4649494931" + "01017F0101" + "3F4040403F" + "1F2040201F" + "3F4038403F" +
        "6314081463" + "0708700807" + "6151494543" + "007F414100" + "0204081020" + "0041417F00" + "0402010204" + "4040404040" +
        "0001020400" + "2054545478" + "7F48444438" + "3844444420" + "384444487F" + "3854545418" + "087E090102" + "0C5252523E" +
        "7F08040478" + "00447D4000" + "2040443D00" + "7F10284400" + "00417F4000" + "7C04180478" + "7C08040478" + "3844444438" +
        "7C14141408" + "081414187C" + "7C08040408" + "4854545420" + "043F444020" + "3C4040207C" + "1C2040201C" + "3C4030403C" +
        "4428102844" + "0C5050503C" + "4464544C44" + "0008364100" + "00007F0000" + "0041360800" + "0804080408");

    /// <summary>Size in pixels of <paramref name="text"/> on one line at <paramref name="scale"/> (no trailing spacing column).</summary>
    public static (int Width, int Height) Measure(string text, int scale = 1) =>
        (text.Length == 0 ? 0 : (text.Length * CellWidth - 1) * scale, (CellHeight - 1) * scale);

    /// <summary>True where the glyph of <paramref name="c"/> has a pixel at column <paramref name="x"/> (0–4), row <paramref name="y"/> (0–6).</summary>
    public static bool IsSet(char c, int x, int y)
    {
        if (x is < 0 or > 4 || y is < 0 or > 6)
            return false;
        int index = c is >= ' ' and <= '~' ? c - ' ' : '?' - ' ';
        return (Glyphs[index * 5 + x] >> y & 1) != 0;
    }

    /// <summary>Calls <paramref name="plot"/> for each set pixel of <paramref name="text"/> drawn with its top-left at (x, y).</summary>
    public static void Draw(string text, int x, int y, int scale, Action<int, int> plot)
    {
        for (int i = 0; i < text.Length; i++)
            for (int gx = 0; gx < 5; gx++)
                for (int gy = 0; gy < 7; gy++)
                    if (IsSet(text[i], gx, gy))
                        for (int sy = 0; sy < scale; sy++)
                            for (int sx = 0; sx < scale; sx++)
                                plot(x + (i * CellWidth + gx) * scale + sx, y + gy * scale + sy);
    }
}
