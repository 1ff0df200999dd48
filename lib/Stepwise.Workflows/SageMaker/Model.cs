namespace Stepwise.Workflows.SageMaker;

/// <summary>A model to host — image, artifacts and role, as sagemaker-python-sdk's <c>Model</c> — fed to <see cref="ModelStep"/>.
/// <see cref="TrainingStep.GetExpectedModel"/> makes one whose artifacts are the training step's output.</summary>
public sealed record Model
{
    /// <summary>The inference image URI (<c>PrimaryContainer.Image</c>).</summary>
    public required string ImageUri { get; init; }

    /// <summary>The IAM role ARN SageMaker assumes (<c>ExecutionRoleArn</c>).</summary>
    public required string Role { get; init; }

    /// <summary>S3 URI of <c>model.tar.gz</c> (a string or a placeholder).</summary>
    public object? ModelData { get; init; }

    /// <summary>The model name (a string or a placeholder); a step's model name replaces it.</summary>
    public object? Name { get; init; }

    /// <summary>Environment variables of the inference container.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }
}
