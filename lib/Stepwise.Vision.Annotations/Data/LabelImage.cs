namespace Stepwise.Vision.Data;

/// <summary>One byte per pixel: 0 is background, k the k-th instance (the PedMasks format).</summary>
public sealed record LabelImage(int Width, int Height, byte[] Labels)
{
    /// <summary>Reads an 8-bit grayscale or palette PNG, keeping the values as ids.</summary>
    public static LabelImage Load(string path) => PngCodec.DecodeLabels(File.ReadAllBytes(path));

    /// <summary>Writes an 8-bit grayscale PNG.</summary>
    public void Save(string path) => File.WriteAllBytes(path, PngCodec.EncodeGray(this));

    /// <summary>The distinct non-zero ids in ascending order.</summary>
    public int[] InstanceIds()
    {
        var seen = new bool[256];
        foreach (var v in Labels)
            seen[v] = true;
        return Enumerable.Range(1, 255).Where(i => seen[i]).ToArray();
    }

    /// <summary>The binary mask of pixels equal to <paramref name="id"/>.</summary>
    public BinaryMask MaskOf(int id)
    {
        var m = new byte[Labels.Length];
        for (int i = 0; i < m.Length; i++)
            m[i] = Labels[i] == id ? (byte)1 : (byte)0;
        return new BinaryMask(Width, Height, m);
    }
}
