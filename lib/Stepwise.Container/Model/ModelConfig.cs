using System.Text.Json;
using System.Text.Json.Serialization;
using Stepwise.Vision.Model;

namespace Stepwise.Container.Model;

/// <summary>model/config.json: what is needed to rebuild the network before loading <see cref="WeightsFile"/>.</summary>
public sealed record ModelConfig
{
    public const string FileName = "config.json";
    public const string CurrentFormat = "stepwise-maskrcnn/1";

    public string Format { get; init; } = CurrentFormat;
    public string WeightsFile { get; init; } = "model.safetensors";
    /// <summary>Class names by label; 0 is background.</summary>
    public IReadOnlyList<string> Classes { get; init; } = ["__background__", "pedestrian"];
    public required MaskRCNNOptions Options { get; init; }

    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public void Save(string modelDir)
    {
        Directory.CreateDirectory(modelDir);
        File.WriteAllText(Path.Combine(modelDir, FileName), JsonSerializer.Serialize(this, Json));
    }

    public static ModelConfig Load(string modelDir)
    {
        var path = Path.Combine(modelDir, FileName);
        if (!File.Exists(path))
            throw new FileNotFoundException($"No model configuration at '{path}': the model folder must hold {FileName} and the weights written by 'train'.", path);
        var config = JsonSerializer.Deserialize<ModelConfig>(File.ReadAllText(path), Json)
            ?? throw new InvalidDataException($"'{path}' is empty.");
        if (config.Format != CurrentFormat)
            throw new InvalidDataException($"'{path}' has format '{config.Format}', expected '{CurrentFormat}'.");
        return config;
    }
}
