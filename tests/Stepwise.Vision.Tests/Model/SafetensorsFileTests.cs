using Stepwise.Vision.Model;
using Stepwise.Vision.Tests.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Vision.Tests.Model;

public class SafetensorsFileTests
{
    [Fact]
    public void Float16_files_are_half_the_size_and_load_back_as_float32_within_half_precision()
    {
        using var dir = new TempDir();
        manual_seed(3);
        var w = randn(64, 32);
        var counts = tensor(new long[] { 7 });
        string f32 = Path.Combine(dir.Path, "a.safetensors"), f16 = Path.Combine(dir.Path, "b.safetensors");
        SafetensorsFile.Save([("w", w), ("n", counts)], f32);
        SafetensorsFile.Save([("w", w), ("n", counts)], f16, float16: true);
        Assert.InRange(new FileInfo(f16).Length, 0, new FileInfo(f32).Length * 0.55);
        var back = SafetensorsFile.Load(f16);
        Assert.Equal(ScalarType.Float32, back["w"].dtype);
        Assert.Equal(7L, back["n"].item<long>());
        Assert.True(((back["w"] - w).abs() / w.abs().clamp_min(1e-3)).max().item<float>() < 1e-3);
        Assert.Equal(w.data<float>().ToArray(), SafetensorsFile.Load(f32)["w"].data<float>().ToArray());
    }

    [Fact]
    public void A_truncated_file_names_the_file_and_the_tensor_past_its_end()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "model.safetensors");
        SafetensorsFile.Save([("a", zeros(10)), ("b", zeros(100))], path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^100]);
        var e = Assert.Throws<InvalidDataException>(() => SafetensorsFile.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("'b'", e.Message);
        File.WriteAllBytes(path, bytes[..5]);
        Assert.Contains("fewer than the 8-byte header length", Assert.Throws<InvalidDataException>(() => SafetensorsFile.Load(path)).Message);
    }
}
