using System.Runtime.InteropServices;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Vision.Model;

/// <summary>Writes a state dict as safetensors (8-byte header length, JSON header, raw little-endian data); reading goes through TorchSharp.PyBridge.</summary>
public static class SafetensorsFile
{
    /// <summary>Saves float32/float64/int64/int32/uint8/bool tensors under their names.</summary>
    public static void Save(IEnumerable<(string Name, Tensor Tensor)> tensors, string path)
    {
        var header = new Dictionary<string, object>();
        var blobs = new List<byte[]>();
        long offset = 0;
        foreach (var (name, t) in tensors)
        {
            using var c = t.detach().cpu().contiguous();
            var (dtype, bytes) = c.dtype switch
            {
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

    /// <summary>Loads every tensor of a safetensors file by name.</summary>
    public static Dictionary<string, Tensor> Load(string path) => TorchSharp.PyBridge.Safetensors.LoadStateDict(path);
}
