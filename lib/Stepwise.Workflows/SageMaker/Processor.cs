namespace Stepwise.Workflows.SageMaker;

/// <summary>What a SageMaker processing job runs — image, role, instances — as sagemaker-python-sdk's <c>Processor</c>,
/// fed to <see cref="ProcessingStep"/>.</summary>
public sealed record Processor
{
    /// <summary>The IAM role ARN SageMaker assumes (<c>RoleArn</c>).</summary>
    public required string Role { get; init; }

    /// <summary>The processing image URI (<c>AppSpecification.ImageUri</c>).</summary>
    public required string ImageUri { get; init; }

    /// <summary>Number of instances.</summary>
    public required int InstanceCount { get; init; }

    /// <summary>Instance type, e.g. <c>ml.m5.xlarge</c>.</summary>
    public required string InstanceType { get; init; }

    /// <summary>The container entrypoint (a step's entrypoint replaces it).</summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }

    /// <summary>Size of the attached volume, in GB.</summary>
    public int VolumeSizeInGB { get; init; } = 30;

    /// <summary>KMS key for the volume (<c>ClusterConfig.VolumeKmsKeyId</c>).</summary>
    public string? VolumeKmsKey { get; init; }

    /// <summary>KMS key for the outputs (<c>ProcessingOutputConfig.KmsKeyId</c>; a step's key replaces it).</summary>
    public string? OutputKmsKey { get; init; }

    /// <summary>Maximum run time (<c>StoppingCondition.MaxRuntimeInSeconds</c>).</summary>
    public int? MaxRuntimeInSeconds { get; init; }

    /// <summary>Environment variables of the container.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Tags of the processing job (a step's own tags replace them).</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <summary>Network isolation, VPC and traffic encryption.</summary>
    public NetworkConfig? NetworkConfig { get; init; }
}
