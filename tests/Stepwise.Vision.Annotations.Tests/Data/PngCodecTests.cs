using System.Buffers.Binary;
using System.IO.Compression;
using Stepwise.Vision.Data;

namespace Stepwise.Vision.Annotations.Tests.Data;

public class PngCodecTests
{
    static RgbImage Gradient(int w, int h)
    {
        var p = new byte[w * h * 3];
        for (int i = 0; i < p.Length; i++)
            p[i] = (byte)(i * 7 % 251);
        return new RgbImage(w, h, p);
    }

    [Fact]
    public void Rgb_round_trips_exactly()
    {
        var image = Gradient(37, 23);
        var back = PngCodec.DecodeRgb(PngCodec.EncodeRgb(image));
        Assert.Equal(image.Width, back.Width);
        Assert.Equal(image.Height, back.Height);
        Assert.Equal(image.Pixels, back.Pixels);
    }

    [Fact]
    public void Gray_labels_round_trip_as_ids()
    {
        var labels = new LabelImage(5, 4, [0, 1, 1, 2, 0, 0, 3, 3, 2, 0, 255, 0, 1, 1, 1, 0, 0, 0, 0, 7]);
        var back = PngCodec.DecodeLabels(PngCodec.EncodeGray(labels));
        Assert.Equal(labels.Labels, back.Labels);
        Assert.Equal([1, 2, 3, 7, 255], back.InstanceIds());
    }

    [Fact]
    public void Encoding_is_deterministic()
    {
        var image = Gradient(64, 48);
        Assert.Equal(PngCodec.EncodeRgb(image), PngCodec.EncodeRgb(image));
    }

    [Fact]
    public void Palette_mask_keeps_indices_as_ids()
    {
        // 3x2 palette image, bit depth 8: ids are palette indices whatever the colours are.
        byte[] rows = [0, 0, 1, 2, 0, 2, 2, 0];
        var png = BuildPng(3, 2, bitDepth: 8, colorType: 3, rows, palette: [0, 0, 0, 200, 10, 10, 10, 200, 10]);
        Assert.Equal([0, 1, 2, 2, 2, 0], PngCodec.DecodeLabels(png).Labels);
        var rgb = PngCodec.DecodeRgb(png);
        Assert.Equal([200, 10, 10], rgb.Pixels[3..6]);
    }

    [Fact]
    public void Low_bit_depth_gray_unpacks()
    {
        // 4x1, 2-bit gray: values 0,1,2,3 packed in one byte.
        var png = BuildPng(4, 1, bitDepth: 2, colorType: 0, [0, 0b00_01_10_11]);
        Assert.Equal([0, 1, 2, 3], PngCodec.DecodeLabels(png).Labels);
        Assert.Equal([0, 0, 0, 85, 85, 85, 170, 170, 170, 255, 255, 255], PngCodec.DecodeRgb(png).Pixels);
    }

    [Fact]
    public void Rgba_drops_alpha()
    {
        var png = BuildPng(2, 1, 8, 6, [0, 1, 2, 3, 4, 5, 6, 7, 8]);
        Assert.Equal([1, 2, 3, 5, 6, 7], PngCodec.DecodeRgb(png).Pixels);
    }

    [Fact]
    public void Garbage_and_truncation_are_reported()
    {
        Assert.Throws<InvalidDataException>(() => PngCodec.DecodeRgb("hello world"u8.ToArray()));
        var png = PngCodec.EncodeRgb(Gradient(16, 16));
        var e = Assert.Throws<InvalidDataException>(() => PngCodec.DecodeRgb(png.AsSpan(0, png.Length / 2)));
        Assert.Contains("truncated", e.Message);
    }

    internal static byte[] BuildPng(int w, int h, byte bitDepth, byte colorType, byte[] filteredRows, byte[]? palette = null)
    {
        using var ms = new MemoryStream();
        ms.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, w);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), h);
        ihdr[8] = bitDepth;
        ihdr[9] = colorType;
        Chunk(ms, "IHDR", ihdr);
        if (palette is not null)
            Chunk(ms, "PLTE", palette);
        using var z = new MemoryStream();
        using (var zs = new ZLibStream(z, CompressionLevel.Fastest, leaveOpen: true))
            zs.Write(filteredRows);
        Chunk(ms, "IDAT", z.ToArray());
        Chunk(ms, "IEND", []);
        return ms.ToArray();
    }

    static void Chunk(Stream s, string type, byte[] data)
    {
        var len = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        s.Write(System.Text.Encoding.ASCII.GetBytes(type));
        s.Write(data);
        s.Write(new byte[4]); // CRC is not checked by the reader
    }
}
