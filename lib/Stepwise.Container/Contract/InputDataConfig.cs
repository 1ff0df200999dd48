using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepwise.Container.Contract;

/// <summary>inputdataconfig.json: the channels SageMaker mounted, with their settings (we read only what we check).</summary>
public sealed record InputDataConfig(IReadOnlyDictionary<string, InputChannel> Channels)
{
    public const string TrainingChannel = "training";

    /// <summary>Reads the file; a missing file means "only the training channel, File mode".</summary>
    public static InputDataConfig Load(string path)
    {
        if (!File.Exists(path))
            return new InputDataConfig(new Dictionary<string, InputChannel> { [TrainingChannel] = new("File", null) });
        try
        {
            var obj = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new ContainerException("inputdataconfig.json must hold a JSON object keyed by channel name.");
            var channels = new Dictionary<string, InputChannel>();
            foreach (var (name, node) in obj)
                channels[name] = new InputChannel(
                    node?["TrainingInputMode"]?.GetValue<string>() ?? "File",
                    node?["ContentType"]?.GetValue<string>());
            return new InputDataConfig(channels);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new ContainerException($"inputdataconfig.json cannot be read: {e.Message}", e);
        }
    }
}

/// <summary>One channel's settings.</summary>
public sealed record InputChannel(string TrainingInputMode, string? ContentType);
