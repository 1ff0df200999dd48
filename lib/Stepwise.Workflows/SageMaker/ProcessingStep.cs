using Stepwise.Workflows.SageMaker;

namespace Stepwise.Workflows;

/// <summary>Runs a SageMaker processing job (<c>sagemaker:createProcessingJob[.sync]</c>) from a <see cref="Processor"/>,
/// as the Python SDK's <c>ProcessingStep</c>; <see cref="TaskStep.Parameters"/> are deep-merged over the request.</summary>
public sealed class ProcessingStep : ServiceIntegrationStep
{
    /// <summary>A processing step; by default it waits for the job to finish (<c>.sync</c>).</summary>
    /// <param name="name">The state name.</param>
    /// <param name="processor">What the job runs.</param>
    /// <param name="jobName">The processing job name (a string or a placeholder).</param>
    /// <param name="waitForCompletion">False starts the job and moves on.</param>
    public ProcessingStep(string name, Processor processor, object jobName, bool waitForCompletion = true)
        : base(name, "sagemaker", "createProcessingJob", Job(waitForCompletion), JobPatterns)
    {
        Processor = processor ?? throw new ArgumentNullException(nameof(processor));
        JobName = SageMakerRequest.StringOrPlaceholder(jobName, $"Processing step '{name}': job name");
    }

    /// <summary>What the job runs.</summary>
    public Processor Processor { get; }

    /// <summary>The processing job name.</summary>
    public object JobName { get; }

    /// <summary>S3 data copied into the container.</summary>
    public IReadOnlyList<ProcessingInput>? Inputs { get; init; }

    /// <summary>Container paths uploaded to S3.</summary>
    public IReadOnlyList<ProcessingOutput>? Outputs { get; init; }

    /// <summary>SageMaker Experiments association, or a placeholder.</summary>
    public object? ExperimentConfig { get; init; }

    /// <summary>Arguments passed to the container.</summary>
    public IReadOnlyList<string>? ContainerArguments { get; init; }

    /// <summary>The container entrypoint, replacing the processor's.</summary>
    public IReadOnlyList<string>? ContainerEntrypoint { get; init; }

    /// <summary>KMS key for the outputs, replacing the processor's.</summary>
    public string? KmsKeyId { get; init; }

    /// <summary>Tags: a dictionary (written as <c>[{Key, Value}]</c>) or a placeholder.</summary>
    public object? Tags { get; init; }

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, object?> Request()
    {
        var p = Processor;
        var request = new Dictionary<string, object?> { ["ProcessingJobName"] = JobName };
        if (Inputs is { Count: > 0 } inputs) request["ProcessingInputs"] = inputs.Select((input, i) => (object?)input.ToRequest(i)).ToList();
        if (Outputs is { Count: > 0 } outputs)
        {
            var config = new Dictionary<string, object?> { ["Outputs"] = outputs.Select((output, i) => (object?)output.ToRequest(i)).ToList() };
            if ((KmsKeyId ?? p.OutputKmsKey) is { } key) config["KmsKeyId"] = key;
            request["ProcessingOutputConfig"] = config;
        }

        if (ExperimentConfig is not null) request["ExperimentConfig"] = ExperimentConfig;

        var app = new Dictionary<string, object?> { ["ImageUri"] = p.ImageUri };
        if (ContainerArguments is { Count: > 0 } arguments) app["ContainerArguments"] = arguments;
        if ((ContainerEntrypoint ?? p.Entrypoint) is { Count: > 0 } entrypoint) app["ContainerEntrypoint"] = entrypoint;
        request["AppSpecification"] = app;
        request["RoleArn"] = p.Role;
        if (p.Environment is { Count: > 0 } environment) request["Environment"] = SageMakerRequest.Map(environment);
        if (p.NetworkConfig is not null) request["NetworkConfig"] = p.NetworkConfig.ToRequest();

        var cluster = new Dictionary<string, object?>
        {
            ["InstanceCount"] = p.InstanceCount,
            ["InstanceType"] = p.InstanceType,
            ["VolumeSizeInGB"] = p.VolumeSizeInGB,
        };
        if (p.VolumeKmsKey is not null) cluster["VolumeKmsKeyId"] = p.VolumeKmsKey;
        request["ProcessingResources"] = new Dictionary<string, object?> { ["ClusterConfig"] = cluster };
        if (p.MaxRuntimeInSeconds is { } maxRuntime)
            request["StoppingCondition"] = new Dictionary<string, object?> { ["MaxRuntimeInSeconds"] = maxRuntime };
        if ((SageMakerRequest.Tags(Tags) ?? SageMakerRequest.Tags(p.Tags)) is { } tags) request["Tags"] = tags;
        return request;
    }
}
