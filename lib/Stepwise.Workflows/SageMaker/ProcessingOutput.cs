namespace Stepwise.Workflows.SageMaker;

/// <summary>An output of a processing job, uploaded to S3 (<c>ProcessingOutputConfig.Outputs[]</c>).</summary>
/// <param name="Source">Path in the container, e.g. <c>/opt/ml/processing/output</c>.</param>
/// <param name="Destination">S3 URI to upload to (a string or a placeholder).</param>
public sealed record ProcessingOutput(string Source, object Destination)
{
    /// <summary>The output's name (<c>output-1</c>, <c>output-2</c>, … when null).</summary>
    public string? OutputName { get; init; }

    /// <summary><c>EndOfJob</c> or <c>Continuous</c>.</summary>
    public string S3UploadMode { get; init; } = "EndOfJob";

    /// <summary>True when the container writes to S3 itself.</summary>
    public bool AppManaged { get; init; }

    internal Dictionary<string, object?> ToRequest(int index) => new()
    {
        ["OutputName"] = OutputName ?? $"output-{index + 1}",
        ["AppManaged"] = AppManaged,
        ["S3Output"] = new Dictionary<string, object?>
        {
            ["S3Uri"] = SageMakerRequest.StringOrPlaceholder(Destination, "ProcessingOutput.Destination"),
            ["LocalPath"] = Source,
            ["S3UploadMode"] = S3UploadMode,
        },
    };
}
