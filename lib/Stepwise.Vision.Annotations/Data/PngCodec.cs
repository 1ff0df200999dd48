using System.Buffers.Binary;
using System.IO.Compression;

namespace Stepwise.Vision.Data;

/// <summary>
/// A small, dependency-free PNG reader and writer. Masks must keep their instance ids byte for byte (palette indices
/// and 8-bit gray values are ids, not colours), and the synthetic set must be byte-identical for a seed, so the
/// dataset code owns its PNG handling instead of going through a colour-managed image library.
/// </summary>
public static class PngCodec
{
    static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>True when the bytes start with the PNG signature.</summary>
    public static bool IsPng(ReadOnlySpan<byte> bytes) => bytes.Length >= 8 && bytes[..8].SequenceEqual(Signature);

    /// <summary>Decodes a PNG to 8-bit RGB (palette expanded through its colours, alpha dropped, 16-bit reduced to the high byte).</summary>
    public static RgbImage DecodeRgb(ReadOnlySpan<byte> png)
    {
        var raw = DecodeRaw(png);
        var rgb = new byte[raw.Width * raw.Height * 3];
        for (int i = 0, n = raw.Width * raw.Height; i < n; i++)
        {
            switch (raw.ColorType)
            {
                case 0:
                case 4:
                    byte g = raw.BitDepth < 8 ? (byte)(raw.Sample(i, 0) * 255 / ((1 << raw.BitDepth) - 1)) : raw.Sample(i, 0);
                    rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = g;
                    break;
                case 3:
                    int p = raw.Sample(i, 0);
                    if (3 * p + 2 >= raw.Palette.Length)
                        throw new InvalidDataException($"PNG palette index {p} is outside the palette of {raw.Palette.Length / 3} entries.");
                    rgb[3 * i] = raw.Palette[3 * p];
                    rgb[3 * i + 1] = raw.Palette[3 * p + 1];
                    rgb[3 * i + 2] = raw.Palette[3 * p + 2];
                    break;
                default:
                    rgb[3 * i] = raw.Sample(i, 0);
                    rgb[3 * i + 1] = raw.Sample(i, 1);
                    rgb[3 * i + 2] = raw.Sample(i, 2);
                    break;
            }
        }
        return new RgbImage(raw.Width, raw.Height, rgb);
    }

    /// <summary>
    /// Decodes a PNG as one 8-bit label per pixel: the gray value for grayscale images, the palette index for
    /// palette images (PennFudan's masks are either), and the red channel for RGB images.
    /// </summary>
    public static LabelImage DecodeLabels(ReadOnlySpan<byte> png)
    {
        var raw = DecodeRaw(png);
        var labels = new byte[raw.Width * raw.Height];
        for (int i = 0; i < labels.Length; i++)
            labels[i] = raw.Sample(i, 0);
        return new LabelImage(raw.Width, raw.Height, labels);
    }

    /// <summary>Encodes 8-bit RGB (colour type 2).</summary>
    public static byte[] EncodeRgb(RgbImage image) => Encode(image.Width, image.Height, 2, 3, image.Pixels);

    /// <summary>Encodes one byte per pixel as 8-bit grayscale (colour type 0), the PedMasks format.</summary>
    public static byte[] EncodeGray(LabelImage image) => Encode(image.Width, image.Height, 0, 1, image.Labels);

    static byte[] Encode(int width, int height, byte colorType, int channels, byte[] pixels)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentException($"PNG size must be positive, got {width}x{height}.");
        if (pixels.Length != width * height * channels)
            throw new ArgumentException($"Expected {width * height * channels} bytes for {width}x{height}x{channels}, got {pixels.Length}.");
        int stride = width * channels;
        var filtered = new byte[(stride + 1) * height];
        var prev = new byte[stride];
        var best = new byte[stride];
        var trial = new byte[stride];
        for (int y = 0; y < height; y++)
        {
            var row = pixels.AsSpan(y * stride, stride);
            // Pick the filter with the smallest sum of absolute values (libpng's heuristic): deterministic and compact.
            long bestScore = long.MaxValue;
            byte bestFilter = 0;
            for (byte f = 0; f < 5; f++)
            {
                ApplyFilter(f, row, prev, channels, trial);
                long score = 0;
                foreach (var b in trial)
                    score += b < 128 ? b : 256 - b;
                if (score < bestScore)
                {
                    bestScore = score;
                    bestFilter = f;
                    trial.CopyTo(best, 0);
                }
            }
            filtered[y * (stride + 1)] = bestFilter;
            best.CopyTo(filtered, y * (stride + 1) + 1);
            row.CopyTo(prev);
        }

        using var idat = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionLevel.Optimal, leaveOpen: true))
            z.Write(filtered);

        using var output = new MemoryStream();
        output.Write(Signature);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;
        ihdr[9] = colorType;
        WriteChunk(output, "IHDR", ihdr);
        WriteChunk(output, "IDAT", idat.ToArray());
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    static void ApplyFilter(byte filter, ReadOnlySpan<byte> row, ReadOnlySpan<byte> prev, int bpp, Span<byte> dst)
    {
        for (int i = 0; i < row.Length; i++)
        {
            int a = i >= bpp ? row[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
            dst[i] = filter switch
            {
                0 => row[i],
                1 => (byte)(row[i] - a),
                2 => (byte)(row[i] - b),
                3 => (byte)(row[i] - ((a + b) >> 1)),
                _ => (byte)(row[i] - Paeth(a, b, c)),
            };
        }
    }

    static void WriteChunk(Stream s, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        s.Write(word);
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        s.Write(typeBytes);
        s.Write(data);
        uint crc = Crc32(typeBytes, 0xFFFFFFFFu);
        crc = Crc32(data, crc) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        s.Write(word);
    }

    static readonly uint[] CrcTable = BuildCrcTable();

    static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }

    static uint Crc32(ReadOnlySpan<byte> data, uint crc)
    {
        foreach (var b in data)
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    /// <summary>Unfiltered samples: one entry per channel per pixel, bit depths below 8 unpacked, 16-bit kept as the high byte.</summary>
    sealed record Raw(int Width, int Height, int ColorType, int BitDepth, int Channels, byte[] Samples, byte[] Palette)
    {
        public byte Sample(int pixel, int channel) => Samples[pixel * Channels + channel];
    }

    static Raw DecodeRaw(ReadOnlySpan<byte> png)
    {
        if (!IsPng(png))
            throw new InvalidDataException("Not a PNG: the 8-byte signature is missing.");
        int pos = 8, width = 0, height = 0, bitDepth = 0, colorType = -1, interlace = 0;
        byte[] palette = [];
        using var idat = new MemoryStream();
        bool sawEnd = false;
        while (!sawEnd)
        {
            if (pos + 8 > png.Length)
                throw new InvalidDataException("PNG is truncated: a chunk header runs past the end of the data.");
            int length = BinaryPrimitives.ReadInt32BigEndian(png[pos..]);
            var type = System.Text.Encoding.ASCII.GetString(png.Slice(pos + 4, 4));
            if (length < 0 || pos + 12L + length > png.Length)
                throw new InvalidDataException($"PNG is truncated: chunk '{type}' of {length} bytes runs past the end of the data.");
            var data = png.Slice(pos + 8, length);
            switch (type)
            {
                case "IHDR":
                    if (length != 13)
                        throw new InvalidDataException("PNG IHDR chunk must be 13 bytes.");
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    bitDepth = data[8];
                    colorType = data[9];
                    interlace = data[12];
                    break;
                case "PLTE":
                    palette = data.ToArray();
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
                case "IEND":
                    sawEnd = true;
                    break;
            }
            pos += 12 + length;
        }
        if (colorType < 0)
            throw new InvalidDataException("PNG has no IHDR chunk.");
        if (width <= 0 || height <= 0 || (long)width * height > 100_000_000)
            throw new InvalidDataException($"PNG size {width}x{height} is not supported.");
        int channels = colorType switch
        {
            0 => 1,
            2 => 3,
            3 => 1,
            4 => 2,
            6 => 4,
            _ => throw new InvalidDataException($"PNG colour type {colorType} is not valid."),
        };
        bool depthOk = colorType switch
        {
            0 => bitDepth is 1 or 2 or 4 or 8 or 16,
            3 => bitDepth is 1 or 2 or 4 or 8,
            _ => bitDepth is 8 or 16,
        };
        if (!depthOk)
            throw new InvalidDataException($"PNG bit depth {bitDepth} is not valid for colour type {colorType}.");
        if (colorType == 3 && palette.Length == 0)
            throw new InvalidDataException("PNG palette image has no PLTE chunk.");

        byte[] inflated;
        try
        {
            idat.Position = 0;
            using var z = new ZLibStream(idat, CompressionMode.Decompress);
            using var buffer = new MemoryStream();
            z.CopyTo(buffer);
            inflated = buffer.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"PNG image data is corrupt: {e.Message}", e);
        }

        var samples = new byte[width * height * channels];
        int bitsPerPixel = bitDepth * channels;
        int offset = 0;
        if (interlace == 0)
            offset = Unfilter(inflated, offset, width, height, bitDepth, channels, bitsPerPixel, samples, 0, 0, 1, 1, width);
        else
        {
            // Adam7 passes: (x0, y0, dx, dy).
            int[,] passes = { { 0, 0, 8, 8 }, { 4, 0, 8, 8 }, { 0, 4, 4, 8 }, { 2, 0, 4, 4 }, { 0, 2, 2, 4 }, { 1, 0, 2, 2 }, { 0, 1, 1, 2 } };
            for (int p = 0; p < 7; p++)
            {
                int x0 = passes[p, 0], y0 = passes[p, 1], dx = passes[p, 2], dy = passes[p, 3];
                int pw = (width - x0 + dx - 1) / dx, ph = (height - y0 + dy - 1) / dy;
                if (pw <= 0 || ph <= 0)
                    continue;
                offset = Unfilter(inflated, offset, pw, ph, bitDepth, channels, bitsPerPixel, samples, x0, y0, dx, dy, width);
            }
        }
        return new Raw(width, height, colorType, bitDepth, channels, samples, palette);
    }

    static int Unfilter(byte[] data, int offset, int w, int h, int bitDepth, int channels, int bitsPerPixel, byte[] samples,
        int x0, int y0, int dx, int dy, int fullWidth)
    {
        int stride = (w * bitsPerPixel + 7) / 8;
        int bpp = Math.Max(1, bitsPerPixel / 8);
        var prev = new byte[stride];
        var cur = new byte[stride];
        for (int y = 0; y < h; y++)
        {
            if (offset + 1 + stride > data.Length)
                throw new InvalidDataException("PNG image data is truncated.");
            int filter = data[offset];
            Array.Copy(data, offset + 1, cur, 0, stride);
            offset += 1 + stride;
            for (int i = 0; i < stride; i++)
            {
                int a = i >= bpp ? cur[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
                cur[i] = filter switch
                {
                    0 => cur[i],
                    1 => (byte)(cur[i] + a),
                    2 => (byte)(cur[i] + b),
                    3 => (byte)(cur[i] + ((a + b) >> 1)),
                    4 => (byte)(cur[i] + Paeth(a, b, c)),
                    _ => throw new InvalidDataException($"PNG row filter {filter} is not valid."),
                };
            }
            int yy = y0 + y * dy;
            for (int x = 0; x < w; x++)
            {
                int dst = ((yy * fullWidth) + x0 + x * dx) * channels;
                for (int ch = 0; ch < channels; ch++)
                {
                    int sampleIndex = x * channels + ch;
                    samples[dst + ch] = bitDepth switch
                    {
                        8 => cur[sampleIndex],
                        16 => cur[2 * sampleIndex],
                        _ => (byte)((cur[sampleIndex * bitDepth / 8] >> (8 - bitDepth - (sampleIndex * bitDepth % 8))) & ((1 << bitDepth) - 1)),
                    };
                }
            }
            (prev, cur) = (cur, prev);
        }
        return offset;
    }
}
