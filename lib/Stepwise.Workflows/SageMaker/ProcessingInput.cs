namespace Stepwise.Workflows.SageMaker;

/// <summary>An S3 input of a processing job, copied into the container (<c>ProcessingInputs[]</c>).</summary>
/// <param name="Source">S3 URI of the data (a string or a placeholder).</param>
/// <param name="Destination">Path in the container, e.g. <c>/opt/ml/processing/input</c>.</param>
public sealed record ProcessingInput(object Source, string Destination)
{
    /// <summary>The input's name (<c>input-1</c>, <c>input-2</c>, … when null).</summary>
    public string? InputName { get; init; }

    /// <summary><c>S3Prefix</c> or <c>ManifestFile</c>.</summary>
    public string S3DataType { get; init; } = "S3Prefix";

    /// <summary><c>File</c> or <c>Pipe</c>.</summary>
    public string S3InputMode { get; init; } = "File";

    /// <summary><c>FullyReplicated</c> or <c>ShardedByS3Key</c>.</summary>
    public string S3DataDistributionType { get; init; } = "FullyReplicated";

    /// <summary><c>None</c> or <c>Gzip</c>.</summary>
    public string S3CompressionType { get; init; } = "None";

    /// <summary>True when the container reads the data from S3 itself.</summary>
    public bool AppManaged { get; init; }

    internal Dictionary<string, object?> ToRequest(int index) => new()
    {
        ["InputName"] = InputName ?? $"input-{index + 1}",
        ["AppManaged"] = AppManaged,
        ["S3Input"] = new Dictionary<string, object?>
        {
            ["S3Uri"] = SageMakerRequest.StringOrPlaceholder(Source, "ProcessingInput.Source"),
            ["LocalPath"] = Destination,
            ["S3DataType"] = S3DataType,
            ["S3InputMode"] = S3InputMode,
            ["S3DataDistributionType"] = S3DataDistributionType,
            ["S3CompressionType"] = S3CompressionType,
        },
    };
}
