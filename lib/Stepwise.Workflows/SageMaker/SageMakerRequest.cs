using System.Collections;
using System.Text.Json.Nodes;

namespace Stepwise.Workflows.SageMaker;

/// <summary>Pieces shared by the SageMaker steps' requests, after sagemaker-python-sdk's <c>training_config</c> and friends,
/// built as dictionary trees that may hold placeholders (<see cref="ParameterValues"/> turns those into <c>Key.$</c>).</summary>
internal static class SageMakerRequest
{
    /// <summary>A value that must be a non-empty string or a placeholder.</summary>
    /// <exception cref="ArgumentException">It is neither.</exception>
    public static object StringOrPlaceholder(object? value, string what) => value switch
    {
        Placeholder p => p,
        string s when s.Length > 0 => s,
        string => throw new ArgumentException($"{what} must not be empty."),
        null => throw new ArgumentNullException(what, $"{what} is required (a string or a placeholder)."),
        _ => throw new ArgumentException($"{what} must be a string or a placeholder, not {value.GetType().Name}."),
    };

    /// <summary>An int or a placeholder.</summary>
    /// <exception cref="ArgumentException">It is neither.</exception>
    public static object IntOrPlaceholder(object? value, string what) => value switch
    {
        Placeholder p => p,
        int or long or short => value,
        null => throw new ArgumentNullException(what, $"{what} is required (an integer or a placeholder)."),
        _ => throw new ArgumentException($"{what} must be an integer or a placeholder, not {value.GetType().Name}."),
    };

    /// <summary>Tags as <c>[{Key, Value}]</c> (Python's <c>tags_dict_to_kv_list</c>), a placeholder as is, or null when there are none.</summary>
    /// <exception cref="ArgumentException">Not a dictionary or a placeholder.</exception>
    public static object? Tags(object? tags) => tags switch
    {
        null => null,
        Placeholder p => p,
        _ => Entries(tags, "Tags") is { Count: > 0 } entries
            ? entries.Select(e => (object?)new Dictionary<string, object?> { ["Key"] = e.Key, ["Value"] = e.Value }).ToList()
            : null,
    };

    /// <summary>The key/value pairs of a dictionary-like value (IDictionary, pairs, JsonObject, anonymous object excluded).</summary>
    /// <exception cref="ArgumentException">Not a dictionary.</exception>
    public static List<KeyValuePair<string, object?>> Entries(object value, string what) => value switch
    {
        JsonObject o => [.. o.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value))],
        IEnumerable<KeyValuePair<string, object?>> pairs => [.. pairs],
        IEnumerable<KeyValuePair<string, string>> pairs => [.. pairs.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value))],
        IEnumerable<KeyValuePair<string, TrainingInput>> pairs => [.. pairs.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value))],
        IDictionary d => [.. d.Keys.Cast<object>().Select(k => new KeyValuePair<string, object?>(PythonFormat.Str(k), d[k]))],
        _ => throw new ArgumentException($"{what} must be a dictionary or a placeholder, not {value.GetType().Name}."),
    };

    /// <summary>A hyperparameter value as SageMaker takes it: a string (placeholders pass through).</summary>
    public static object? Hyperparameter(object? value, bool jsonEncode) => value switch
    {
        Placeholder p => p,
        _ when jsonEncode => PythonFormat.JsonDumps(value),
        _ => PythonFormat.Str(value),
    };

    /// <summary>The training channels of <c>data</c>: an S3 URI, a placeholder or a <see cref="TrainingInput"/> is the
    /// single channel <c>training</c>; a dictionary maps channel names to any of those. Null when there is no data.</summary>
    /// <exception cref="ArgumentException">A value of another type.</exception>
    public static List<object?>? Channels(object? data) => data switch
    {
        null => null,
        string or Placeholder or TrainingInput => [Channel("training", data)],
        _ => [.. Entries(data, "Training data").Select(e => (object?)Channel(e.Key, e.Value))],
    };

    private static Dictionary<string, object?> Channel(string name, object? data) => data switch
    {
        TrainingInput input => input.ToChannel(name),
        string or Placeholder => new TrainingInput(data).ToChannel(name),
        JsonValue v when v.TryGetValue<string>(out var uri) => new TrainingInput(uri).ToChannel(name),
        _ => throw new ArgumentException($"Training channel '{name}' must be an S3 URI, a placeholder or a TrainingInput, not {data?.GetType().Name ?? "null"}."),
    };

    /// <summary>The training job fields an estimator determines (sagemaker's <c>training_base_config</c>): algorithm,
    /// output, stopping condition, resources, role, channels, VPC, spot, checkpoints, isolation.</summary>
    public static Dictionary<string, object?> TrainingBase(Estimator estimator, object? data, object? outputPath)
    {
        var output = new Dictionary<string, object?>();
        if (outputPath is not null) output["S3OutputPath"] = StringOrPlaceholder(outputPath, "Output path");
        if (estimator.OutputKmsKey is not null) output["KmsKeyId"] = estimator.OutputKmsKey;

        var stopping = new Dictionary<string, object?> { ["MaxRuntimeInSeconds"] = estimator.MaxRunInSeconds };
        if (estimator.MaxWaitInSeconds is { } maxWait) stopping["MaxWaitTimeInSeconds"] = maxWait;

        var resources = new Dictionary<string, object?>
        {
            ["InstanceCount"] = estimator.InstanceCount,
            ["InstanceType"] = estimator.InstanceType,
            ["VolumeSizeInGB"] = estimator.VolumeSizeInGB,
        };
        if (estimator.VolumeKmsKey is not null) resources["VolumeKmsKeyId"] = estimator.VolumeKmsKey;

        var config = new Dictionary<string, object?>
        {
            ["AlgorithmSpecification"] = new Dictionary<string, object?>
            {
                ["TrainingImage"] = estimator.ImageUri,
                ["TrainingInputMode"] = estimator.InputMode,
            },
            ["OutputDataConfig"] = output,
            ["StoppingCondition"] = stopping,
            ["ResourceConfig"] = resources,
            ["RoleArn"] = estimator.Role,
        };
        if (Channels(data) is { } channels) config["InputDataConfig"] = channels;
        if (estimator.SubnetIds is not null && estimator.SecurityGroupIds is not null)
            config["VpcConfig"] = new Dictionary<string, object?> { ["SecurityGroupIds"] = estimator.SecurityGroupIds, ["Subnets"] = estimator.SubnetIds };
        if (estimator.UseSpotInstances) config["EnableManagedSpotTraining"] = true;
        if (estimator.CheckpointS3Uri is not null)
        {
            var checkpoint = new Dictionary<string, object?> { ["S3Uri"] = estimator.CheckpointS3Uri };
            if (estimator.CheckpointLocalPath is not null) checkpoint["LocalPath"] = estimator.CheckpointLocalPath;
            config["CheckpointConfig"] = checkpoint;
        }

        if (estimator.EnableNetworkIsolation) config["EnableNetworkIsolation"] = true;
        if (estimator.EncryptInterContainerTraffic) config["EnableInterContainerTrafficEncryption"] = true;
        return config;
    }

    /// <summary>Metric definitions as <c>[{Name, Regex}]</c>.</summary>
    public static List<object?> Metrics(IEnumerable<MetricDefinition> metrics) =>
        [.. metrics.Select(m => (object?)new Dictionary<string, object?> { ["Name"] = m.Name, ["Regex"] = m.Regex })];

    /// <summary>A container definition (<c>Image</c>, <c>Environment</c>, <c>ModelDataUrl</c>) of a model.</summary>
    public static Dictionary<string, object?> Container(Model model)
    {
        var container = new Dictionary<string, object?>
        {
            ["Environment"] = model.Environment is { } env ? env.ToDictionary(e => e.Key, e => (object?)e.Value) : new Dictionary<string, object?>(),
            ["Image"] = model.ImageUri,
        };
        if (model.ModelData is not null) container["ModelDataUrl"] = StringOrPlaceholder(model.ModelData, "Model.ModelData");
        return container;
    }

    /// <summary>A dictionary of strings as a request map.</summary>
    public static Dictionary<string, object?> Map(IReadOnlyDictionary<string, string> values) => values.ToDictionary(e => e.Key, e => (object?)e.Value);
}
