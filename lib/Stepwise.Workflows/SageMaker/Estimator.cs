namespace Stepwise.Workflows.SageMaker;

/// <summary>What a SageMaker training job runs — the image, role, instances and settings of sagemaker-python-sdk's
/// <c>Estimator</c> — fed to <see cref="TrainingStep"/> and <see cref="HyperparameterTuner"/>.</summary>
public sealed record Estimator
{
    /// <summary>The training image URI (<c>AlgorithmSpecification.TrainingImage</c>).</summary>
    public required string ImageUri { get; init; }

    /// <summary>The IAM role ARN SageMaker assumes (<c>RoleArn</c>).</summary>
    public required string Role { get; init; }

    /// <summary>Number of training instances.</summary>
    public required int InstanceCount { get; init; }

    /// <summary>Training instance type, e.g. <c>ml.m5.xlarge</c>.</summary>
    public required string InstanceType { get; init; }

    /// <summary>Size of the attached volume, in GB.</summary>
    public int VolumeSizeInGB { get; init; } = 30;

    /// <summary>Maximum training time (<c>StoppingCondition.MaxRuntimeInSeconds</c>).</summary>
    public int MaxRunInSeconds { get; init; } = 86400;

    /// <summary>Maximum time to wait for spot capacity plus training (<c>StoppingCondition.MaxWaitTimeInSeconds</c>).</summary>
    public int? MaxWaitInSeconds { get; init; }

    /// <summary>How data reaches the container: <c>File</c>, <c>Pipe</c> or <c>FastFile</c>.</summary>
    public string InputMode { get; init; } = "File";

    /// <summary>S3 prefix for the model artifacts (<c>OutputDataConfig.S3OutputPath</c>).</summary>
    public string? OutputPath { get; init; }

    /// <summary>Hyperparameters; values are written as strings the way Python's <c>str()</c> writes them (True, 0.5, 1.0).</summary>
    public IReadOnlyDictionary<string, object>? Hyperparameters { get; init; }

    /// <summary>True for framework estimators (TensorFlow, PyTorch, scikit-learn, …), which JSON-encode hyperparameter values and categorical tuning values.</summary>
    public bool JsonEncodeHyperparameters { get; init; }

    /// <summary>Regexes that extract metrics from the training logs.</summary>
    public IReadOnlyList<MetricDefinition>? MetricDefinitions { get; init; }

    /// <summary>Environment variables of the training container.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Tags of the training job (a step's own tags replace them).</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <summary>Train on managed spot instances (<c>EnableManagedSpotTraining</c>).</summary>
    public bool UseSpotInstances { get; init; }

    /// <summary>S3 URI where checkpoints are synced (<c>CheckpointConfig.S3Uri</c>).</summary>
    public string? CheckpointS3Uri { get; init; }

    /// <summary>Local checkpoint directory in the container (<c>CheckpointConfig.LocalPath</c>).</summary>
    public string? CheckpointLocalPath { get; init; }

    /// <summary>Run the container without network access.</summary>
    public bool EnableNetworkIsolation { get; init; }

    /// <summary>Encrypt traffic between training instances.</summary>
    public bool EncryptInterContainerTraffic { get; init; }

    /// <summary>KMS key for the model artifacts (<c>OutputDataConfig.KmsKeyId</c>).</summary>
    public string? OutputKmsKey { get; init; }

    /// <summary>KMS key for the training volume (<c>ResourceConfig.VolumeKmsKeyId</c>).</summary>
    public string? VolumeKmsKey { get; init; }

    /// <summary>VPC subnets (with <see cref="SecurityGroupIds"/>, gives <c>VpcConfig</c>).</summary>
    public IReadOnlyList<string>? SubnetIds { get; init; }

    /// <summary>VPC security groups (with <see cref="SubnetIds"/>, gives <c>VpcConfig</c>).</summary>
    public IReadOnlyList<string>? SecurityGroupIds { get; init; }
}
