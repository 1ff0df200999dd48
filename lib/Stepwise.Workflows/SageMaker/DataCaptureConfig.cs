namespace Stepwise.Workflows.SageMaker;

/// <summary>Captures an endpoint's requests and responses to S3, as sagemaker-python-sdk's <c>DataCaptureConfig</c>
/// (fed to <see cref="EndpointConfigStep"/>).</summary>
public sealed record DataCaptureConfig
{
    private static readonly Dictionary<string, string> CaptureModes = new(StringComparer.OrdinalIgnoreCase) { ["REQUEST"] = "Input", ["RESPONSE"] = "Output" };

    /// <summary>S3 URI the captured data goes to.</summary>
    public required string DestinationS3Uri { get; init; }

    /// <summary>Whether capture is on.</summary>
    public bool EnableCapture { get; init; } = true;

    /// <summary>Percentage of requests captured (<c>InitialSamplingPercentage</c>).</summary>
    public int SamplingPercentage { get; init; } = 20;

    /// <summary>KMS key for the captured data.</summary>
    public string? KmsKeyId { get; init; }

    /// <summary>What is captured: <c>REQUEST</c>/<c>RESPONSE</c> (or the API's <c>Input</c>/<c>Output</c>).</summary>
    public IReadOnlyList<string> CaptureOptions { get; init; } = ["REQUEST", "RESPONSE"];

    /// <summary>Content types captured as CSV (omitted when null).</summary>
    public IReadOnlyList<string>? CsvContentTypes { get; init; } = ["text/csv"];

    /// <summary>Content types captured as JSON (omitted when null).</summary>
    public IReadOnlyList<string>? JsonContentTypes { get; init; } = ["application/json"];

    internal Dictionary<string, object?> ToRequest()
    {
        var request = new Dictionary<string, object?>
        {
            ["EnableCapture"] = EnableCapture,
            ["InitialSamplingPercentage"] = SamplingPercentage,
            ["DestinationS3Uri"] = DestinationS3Uri,
        };
        if (KmsKeyId is not null) request["KmsKeyId"] = KmsKeyId;
        request["CaptureOptions"] = CaptureOptions
            .Select(o => (object?)new Dictionary<string, object?> { ["CaptureMode"] = CaptureModes.GetValueOrDefault(o, o) }).ToList();
        if (CsvContentTypes is not null || JsonContentTypes is not null)
        {
            var header = new Dictionary<string, object?>();
            if (CsvContentTypes is not null) header["CsvContentTypes"] = CsvContentTypes;
            if (JsonContentTypes is not null) header["JsonContentTypes"] = JsonContentTypes;
            request["CaptureContentTypeHeader"] = header;
        }

        return request;
    }
}
