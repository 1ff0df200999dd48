using Stepwise.Local.Storage;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Aws.SageMaker;

namespace Stepwise.Local.SageMaker;

/// <summary>
/// What the local SageMaker keeps of models, endpoint configurations and endpoints: one JSON document each (AWS's own
/// Describe shape plus what a restart needs), written whole through a temporary file and a rename, as training jobs are;
/// <c>{data}/sagemaker/models/{name}.json</c>, <c>…/endpoint-configs/{name}.json</c> and
/// <c>…/endpoints/{name}/endpoint.json</c> (beside the endpoint's deployments and their <c>opt/ml</c>).
/// </summary>
internal static class HostingRecords
{
    public const int CurrentFormatVersion = 1;

    public static void Save(string path, JsonObject content)
    {
        content["FormatVersion"] = CurrentFormatVersion;
        AtomicFile.WriteAllText(path, content.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    public static JsonObject? Load(string path)
    {
        if (!File.Exists(path)) return null;
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var version = json["FormatVersion"]?.GetValue<int>() ?? 0;
        if (version > CurrentFormatVersion)
            throw new InvalidDataException($"{path} was written by a newer Stepwise (format {version}; this one reads {CurrentFormatVersion}); it is left as it is.");
        return json;
    }

    public static JsonNode Node<T>(T shape) => JsonNode.Parse(SageMakerJson.Serialize(shape))!;

    public static T Shape<T>(JsonNode node) => SageMakerJson.Deserialize<T>(node.ToJsonString());
}

/// <summary>An endpoint's record: its description, and the deployment serving it (config and models as they were when
/// it was deployed, so that a restart brings it back even if they were deleted since, as SageMaker's instances keep
/// running then) with the processes of the last run.</summary>
internal sealed record EndpointRecord
{
    public const string FileName = "endpoint.json";

    public required DescribeEndpointOutput Description { get; init; }

    /// <summary>The deployment in service (null until the first one is healthy).</summary>
    public Deployment? Serving { get; init; }

    /// <summary>The processes started by the last run (killed at the next open if they outlived it).</summary>
    public IReadOnlyList<ProcessRef> Processes { get; init; } = [];

    public JsonObject ToJson() => new()
    {
        ["Description"] = HostingRecords.Node(Description),
        ["Serving"] = Serving?.ToJson(),
        ["Processes"] = new JsonArray([.. Processes.Select(p => (JsonNode)new JsonObject { ["Id"] = p.Id, ["StartTime"] = p.StartTime.ToUnixTimeMilliseconds() })]),
    };

    public static EndpointRecord FromJson(JsonObject json) => new()
    {
        Description = HostingRecords.Shape<DescribeEndpointOutput>(json["Description"]!),
        Serving = json["Serving"] is JsonObject serving ? Deployment.FromJson(serving) : null,
        Processes = json["Processes"] is JsonArray processes
            ? [.. processes.Select(p => new ProcessRef(p!["Id"]!.GetValue<int>(), DateTimeOffset.FromUnixTimeMilliseconds(p["StartTime"]!.GetValue<long>())))]
            : [],
    };
}

/// <summary>A process, by id and start time (an id alone may be reused).</summary>
internal sealed record ProcessRef(int Id, DateTimeOffset StartTime);

/// <summary>One deployment of an endpoint: the config and its models, and the folder its variants' <c>opt/ml</c> lie in.</summary>
internal sealed record Deployment(string Id, DescribeEndpointConfigOutput Config, IReadOnlyList<DescribeModelOutput> Models)
{
    public DescribeModelOutput ModelOf(ProductionVariant variant) =>
        Models.First(m => string.Equals(m.ModelName, variant.ModelName, StringComparison.OrdinalIgnoreCase));

    public JsonObject ToJson() => new()
    {
        ["Id"] = Id,
        ["Config"] = HostingRecords.Node(Config),
        ["Models"] = new JsonArray([.. Models.Select(m => HostingRecords.Node(m))]),
    };

    public static Deployment FromJson(JsonObject json) => new(
        json["Id"]!.GetValue<string>(),
        HostingRecords.Shape<DescribeEndpointConfigOutput>(json["Config"]!),
        [.. json["Models"]!.AsArray().Select(m => HostingRecords.Shape<DescribeModelOutput>(m!))]);
}
