using Stepwise.Workflows.SageMaker;

namespace Stepwise.Workflows;

/// <summary>Runs a SageMaker batch transform job (<c>sagemaker:createTransformJob[.sync]</c>) from a <see cref="Transformer"/>,
/// as the Python SDK's <c>TransformStep</c>; <see cref="TaskStep.Parameters"/> are deep-merged over the request.</summary>
public sealed class TransformStep : ServiceIntegrationStep
{
    /// <summary>A transform step; by default it waits for the job to finish (<c>.sync</c>).</summary>
    /// <param name="name">The state name.</param>
    /// <param name="transformer">How the job runs.</param>
    /// <param name="jobName">The transform job name (a string or a placeholder).</param>
    /// <param name="modelName">The model to run (a string or a placeholder).</param>
    /// <param name="data">S3 URI of the input (a string or a placeholder).</param>
    /// <param name="waitForCompletion">False starts the job and moves on.</param>
    public TransformStep(string name, Transformer transformer, object jobName, object modelName, object data, bool waitForCompletion = true)
        : base(name, "sagemaker", "createTransformJob", Job(waitForCompletion), JobPatterns)
    {
        Transformer = transformer ?? throw new ArgumentNullException(nameof(transformer));
        JobName = SageMakerRequest.StringOrPlaceholder(jobName, $"Transform step '{name}': job name");
        ModelName = SageMakerRequest.StringOrPlaceholder(modelName, $"Transform step '{name}': model name");
        Data = SageMakerRequest.StringOrPlaceholder(data, $"Transform step '{name}': data");
    }

    /// <summary>How the job runs.</summary>
    public Transformer Transformer { get; }

    /// <summary>The transform job name.</summary>
    public object JobName { get; }

    /// <summary>The model to run.</summary>
    public object ModelName { get; }

    /// <summary>S3 URI of the input.</summary>
    public object Data { get; }

    /// <summary><c>S3Prefix</c> or <c>ManifestFile</c>.</summary>
    public string DataType { get; init; } = "S3Prefix";

    /// <summary>MIME type of the input.</summary>
    public string? ContentType { get; init; }

    /// <summary><c>None</c> or <c>Gzip</c>.</summary>
    public string? CompressionType { get; init; }

    /// <summary>How the input is split into records: <c>None</c>, <c>Line</c>, <c>RecordIO</c> or <c>TFRecord</c>.</summary>
    public string? SplitType { get; init; }

    /// <summary>SageMaker Experiments association, or a placeholder.</summary>
    public object? ExperimentConfig { get; init; }

    /// <summary>Tags: a dictionary (written as <c>[{Key, Value}]</c>) or a placeholder.</summary>
    public object? Tags { get; init; }

    /// <summary>JSONPath selecting the part of each input record sent to the model.</summary>
    public string? InputFilter { get; init; }

    /// <summary>JSONPath selecting the part of the joined output kept.</summary>
    public string? OutputFilter { get; init; }

    /// <summary><c>Input</c> joins each input record to its result; <c>None</c> does not.</summary>
    public string? JoinSource { get; init; }

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, object?> Request()
    {
        var t = Transformer;
        var input = new Dictionary<string, object?>
        {
            ["DataSource"] = new Dictionary<string, object?>
            {
                ["S3DataSource"] = new Dictionary<string, object?> { ["S3DataType"] = DataType, ["S3Uri"] = Data },
            },
        };
        if (ContentType is not null) input["ContentType"] = ContentType;
        if (CompressionType is not null) input["CompressionType"] = CompressionType;
        if (SplitType is not null) input["SplitType"] = SplitType;

        var output = new Dictionary<string, object?> { ["S3OutputPath"] = t.OutputPath };
        if (t.OutputKmsKey is not null) output["KmsKeyId"] = t.OutputKmsKey;
        if (t.AssembleWith is not null) output["AssembleWith"] = t.AssembleWith;
        if (t.Accept is not null) output["Accept"] = t.Accept;

        var resources = new Dictionary<string, object?> { ["InstanceCount"] = t.InstanceCount, ["InstanceType"] = t.InstanceType };
        if (t.VolumeKmsKey is not null) resources["VolumeKmsKeyId"] = t.VolumeKmsKey;

        var request = new Dictionary<string, object?>
        {
            ["TransformJobName"] = JobName,
            ["ModelName"] = ModelName,
            ["TransformInput"] = input,
            ["TransformOutput"] = output,
            ["TransformResources"] = resources,
        };

        if (InputFilter is not null || OutputFilter is not null || JoinSource is not null)
        {
            var processing = new Dictionary<string, object?>();
            if (InputFilter is not null) processing["InputFilter"] = InputFilter;
            if (OutputFilter is not null) processing["OutputFilter"] = OutputFilter;
            if (JoinSource is not null) processing["JoinSource"] = JoinSource;
            request["DataProcessing"] = processing;
        }

        if (t.Strategy is not null) request["BatchStrategy"] = t.Strategy;
        if (t.MaxConcurrentTransforms is { } concurrent) request["MaxConcurrentTransforms"] = concurrent;
        if (t.MaxPayloadInMB is { } payload) request["MaxPayloadInMB"] = payload;
        if (t.Environment is { Count: > 0 } environment) request["Environment"] = SageMakerRequest.Map(environment);
        if (ExperimentConfig is not null) request["ExperimentConfig"] = ExperimentConfig;
        if ((SageMakerRequest.Tags(Tags) ?? SageMakerRequest.Tags(t.Tags)) is { } tags) request["Tags"] = tags;
        return request;
    }
}
