using System.Runtime.InteropServices;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Vision.Model;

/// <summary>
/// Reads and writes a state dict as safetensors (8-byte little-endian header length, JSON header of dtype, shape and
/// data_offsets per tensor, raw little-endian data). Reading checks the file against its header, so a truncated or
/// foreign file fails with <see cref="InvalidDataException"/> naming it rather than deep inside libtorch.
/// </summary>
public static class SafetensorsFile
{
    /// <summary>
    /// Saves float32/float64/int64/int32/uint8/bool tensors under their names; with <paramref name="float16"/> floating
    /// tensors are stored as F16 (half the size of float32; loaded back as float32), e.g. for a model shipped in git.
    /// </summary>
    public static void Save(IEnumerable<(string Name, Tensor Tensor)> tensors, string path, bool float16 = false)
    {
        var header = new Dictionary<string, object>();
        var blobs = new List<byte[]>();
        long offset = 0;
        foreach (var (name, t) in tensors)
        {
            using var c = t.detach().cpu().contiguous();
            var (dtype, bytes) = c.dtype switch
            {
                ScalarType.Float32 or ScalarType.Float64 when float16 => ("F16", MemoryMarshal.AsBytes(c.to(ScalarType.Float32).ToArray<float>().Select(v => (Half)v).ToArray().AsSpan()).ToArray()),
                ScalarType.Float32 => ("F32", MemoryMarshal.AsBytes(c.ToArray<float>().AsSpan()).ToArray()),
                ScalarType.Float64 => ("F64", MemoryMarshal.AsBytes(c.ToArray<double>().AsSpan()).ToArray()),
                ScalarType.Int64 => ("I64", MemoryMarshal.AsBytes(c.ToArray<long>().AsSpan()).ToArray()),
                ScalarType.Int32 => ("I32", MemoryMarshal.AsBytes(c.ToArray<int>().AsSpan()).ToArray()),
                ScalarType.Byte => ("U8", c.ToArray<byte>()),
                ScalarType.Bool => ("BOOL", c.ToArray<bool>().Select(b => b ? (byte)1 : (byte)0).ToArray()),
                _ => throw new NotSupportedException($"safetensors: tensor '{name}' has unsupported dtype {c.dtype}."),
            };
            header[name] = new { dtype, shape = c.shape, data_offsets = new[] { offset, offset + bytes.Length } };
            blobs.Add(bytes);
            offset += bytes.Length;
        }
        var json = JsonSerializer.SerializeToUtf8Bytes(header);
        int pad = (8 - json.Length % 8) % 8;
        using var f = File.Create(path);
        f.Write(BitConverter.GetBytes((ulong)(json.Length + pad)));
        f.Write(json);
        for (int i = 0; i < pad; i++) f.WriteByte((byte)' ');
        foreach (var b in blobs) f.Write(b);
    }

    /// <summary>Loads every tensor by name (F16 and BF16 as float32); the file must hold exactly what its header describes.</summary>
    public static Dictionary<string, Tensor> Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Weights file '{path}' does not exist.", path);
        var bytes = File.ReadAllBytes(path);
        InvalidDataException Bad(string why) => new($"'{path}' is not a complete safetensors file: {why}.");
        if (bytes.Length < 8)
            throw Bad($"it has {bytes.Length} bytes, fewer than the 8-byte header length");
        ulong headerLength = BitConverter.ToUInt64(bytes, 0);
        if (headerLength > (ulong)(bytes.Length - 8))
            throw Bad($"the header claims {headerLength} bytes but the file has {bytes.Length}");
        JsonElement header;
        try
        {
            header = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength)).RootElement;
        }
        catch (JsonException e)
        {
            throw Bad($"its header is not JSON ({e.Message})");
        }
        long dataStart = 8 + (long)headerLength, dataLength = bytes.Length - dataStart;
        var result = new Dictionary<string, Tensor>();
        foreach (var entry in header.EnumerateObject())
        {
            if (entry.Name == "__metadata__")
                continue;
            var dtype = entry.Value.GetProperty("dtype").GetString();
            long[] shape = [.. entry.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64())];
            long[] range = [.. entry.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64())];
            if (range.Length != 2 || range[1] > dataLength || range[0] > range[1])
                throw Bad($"tensor '{entry.Name}' spans bytes {string.Join("..", range)} of data but only {dataLength} are present (truncated?)");
            var span = bytes.AsSpan((int)(dataStart + range[0]), (int)(range[1] - range[0]));
            long count = shape.Aggregate(1L, (a, d) => a * d);
            int size = dtype switch { "F64" or "I64" => 8, "F32" or "I32" => 4, "F16" or "BF16" => 2, _ => 1 };
            if (span.Length != count * size)
                throw Bad($"tensor '{entry.Name}' ({dtype}, shape [{string.Join(",", shape)}]) needs {count * size} bytes, its data_offsets give {span.Length}");
            Tensor t = dtype switch
            {
                "F32" => tensor(MemoryMarshal.Cast<byte, float>(span).ToArray(), shape),
                "F64" => tensor(MemoryMarshal.Cast<byte, double>(span).ToArray(), shape),
                "F16" => tensor(MemoryMarshal.Cast<byte, Half>(span).ToArray().Select(h => (float)h).ToArray(), shape),
                "BF16" => tensor(MemoryMarshal.Cast<byte, ushort>(span).ToArray().Select(b => BitConverter.Int32BitsToSingle(b << 16)).ToArray(), shape),
                "I64" => tensor(MemoryMarshal.Cast<byte, long>(span).ToArray(), shape),
                "I32" => tensor(MemoryMarshal.Cast<byte, int>(span).ToArray(), shape),
                "U8" => tensor(span.ToArray(), shape, ScalarType.Byte),
                "BOOL" => tensor(span.ToArray().Select(b => b != 0).ToArray(), shape),
                _ => throw Bad($"tensor '{entry.Name}' has unsupported dtype {dtype}"),
            };
            result[entry.Name] = t;
        }
        return result;
    }
}
