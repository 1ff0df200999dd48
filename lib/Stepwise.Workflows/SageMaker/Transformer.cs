namespace Stepwise.Workflows.SageMaker;

/// <summary>How a batch transform job runs — instances, output and batching, as sagemaker-python-sdk's <c>Transformer</c> —
/// fed to <see cref="TransformStep"/>.</summary>
public sealed record Transformer
{
    /// <summary>The SageMaker model to run (a step's model name replaces it).</summary>
    public required string ModelName { get; init; }

    /// <summary>Number of instances.</summary>
    public required int InstanceCount { get; init; }

    /// <summary>Instance type, e.g. <c>ml.m5.xlarge</c>.</summary>
    public required string InstanceType { get; init; }

    /// <summary>S3 prefix for the results (<c>TransformOutput.S3OutputPath</c>).</summary>
    public required string OutputPath { get; init; }

    /// <summary><c>MultiRecord</c> or <c>SingleRecord</c> (<c>BatchStrategy</c>).</summary>
    public string? Strategy { get; init; }

    /// <summary><c>None</c> or <c>Line</c>: how results of a split input are joined (<c>TransformOutput.AssembleWith</c>).</summary>
    public string? AssembleWith { get; init; }

    /// <summary>KMS key for the results (<c>TransformOutput.KmsKeyId</c>).</summary>
    public string? OutputKmsKey { get; init; }

    /// <summary>MIME type of the results (<c>TransformOutput.Accept</c>).</summary>
    public string? Accept { get; init; }

    /// <summary>Parallel requests per instance.</summary>
    public int? MaxConcurrentTransforms { get; init; }

    /// <summary>Maximum request payload, in MB.</summary>
    public int? MaxPayloadInMB { get; init; }

    /// <summary>Environment variables of the container.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Tags of the transform job (a step's own tags replace them).</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <summary>KMS key for the instance volumes (<c>TransformResources.VolumeKmsKeyId</c>).</summary>
    public string? VolumeKmsKey { get; init; }
}
