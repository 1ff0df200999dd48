using System.Text;
using Stepwise.Vision.Data;

namespace Stepwise.Vision.Evaluation;

/// <summary>
/// COCO run-length encoding of a binary mask, as pycocotools' maskApi: pixels in column-major (Fortran) order,
/// alternating run lengths starting with a run of zeros, and the compact ASCII form of <c>rleToString</c>.
/// </summary>
public sealed record CocoRle(int Height, int Width, uint[] Counts)
{
    /// <summary>Encodes a row-major binary mask.</summary>
    public static CocoRle Encode(BinaryMask mask) => Encode(mask.Pixels, mask.Height, mask.Width);

    /// <summary>Encodes a row-major mask given as one byte per pixel (non-zero is inside).</summary>
    public static CocoRle Encode(ReadOnlySpan<byte> rowMajor, int height, int width)
    {
        if (rowMajor.Length != height * width)
            throw new ArgumentException($"A {height}x{width} mask needs {height * width} bytes, got {rowMajor.Length}.");
        var counts = new List<uint>();
        bool current = false;
        uint run = 0;
        for (int x = 0; x < width; x++)
            for (int y = 0; y < height; y++)
            {
                bool v = rowMajor[y * width + x] != 0;
                if (v != current)
                {
                    counts.Add(run);
                    run = 0;
                    current = v;
                }
                run++;
            }
        counts.Add(run);
        return new CocoRle(height, width, counts.ToArray());
    }

    /// <summary>The row-major binary mask.</summary>
    public BinaryMask Decode()
    {
        var pixels = new byte[Height * Width];
        long p = 0;
        bool v = false;
        foreach (var c in Counts)
        {
            if (p + c > pixels.Length)
                throw new InvalidDataException($"RLE counts sum past the {Height}x{Width} mask.");
            if (v)
                for (long i = p; i < p + c; i++)
                    pixels[(int)(i % Height) * Width + (int)(i / Height)] = 1;
            p += c;
            v = !v;
        }
        if (p != pixels.Length)
            throw new InvalidDataException($"RLE counts sum to {p}, but a {Height}x{Width} mask has {pixels.Length} pixels.");
        return new BinaryMask(Width, Height, pixels);
    }

    /// <summary>Pixels inside.</summary>
    public long Area()
    {
        long a = 0;
        for (int i = 1; i < Counts.Length; i += 2)
            a += Counts[i];
        return a;
    }

    /// <summary>The compressed counts string (pycocotools' <c>rleToString</c>).</summary>
    public string ToCountsString()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < Counts.Length; i++)
        {
            long x = Counts[i];
            if (i > 2)
                x -= Counts[i - 2];
            bool more = true;
            while (more)
            {
                long c = x & 0x1f;
                x >>= 5;
                more = (c & 0x10) != 0 ? x != -1 : x != 0;
                if (more)
                    c |= 0x20;
                sb.Append((char)(c + 48));
            }
        }
        return sb.ToString();
    }

    /// <summary>Parses a compressed counts string (pycocotools' <c>rleFrString</c>).</summary>
    public static CocoRle FromCountsString(int height, int width, string counts)
    {
        var list = new List<uint>();
        int p = 0;
        while (p < counts.Length)
        {
            long x = 0;
            int k = 0;
            bool more = true;
            while (more)
            {
                if (p >= counts.Length)
                    throw new FormatException("RLE counts string ends in the middle of a number.");
                long c = counts[p] - 48;
                if (c is < 0 or > 63)
                    throw new FormatException($"RLE counts string has an invalid character '{counts[p]}' at {p}.");
                x |= (c & 0x1f) << (5 * k);
                more = (c & 0x20) != 0;
                p++;
                k++;
                if (!more && (c & 0x10) != 0)
                    x |= -1L << (5 * k);
            }
            if (list.Count > 2)
                x += list[^2];
            if (x is < 0 or > uint.MaxValue)
                throw new FormatException("RLE counts string decodes to a negative run.");
            list.Add((uint)x);
        }
        return new CocoRle(height, width, list.ToArray());
    }
}
