using Stepwise.Workflows.SageMaker;

namespace Stepwise.Workflows;

/// <summary>Creates a SageMaker model (<c>sagemaker:createModel</c>) from a <see cref="Model"/>, as the Python SDK's <c>ModelStep</c>:
/// <c>ExecutionRoleArn</c>, <c>ModelName</c>, <c>PrimaryContainer</c> and <c>Tags</c>; <see cref="TaskStep.Parameters"/> are merged over them.</summary>
public sealed class ModelStep : ServiceIntegrationStep
{
    /// <summary>A create-model step.</summary>
    /// <param name="name">The state name.</param>
    /// <param name="model">The model to create (e.g. <see cref="TrainingStep.GetExpectedModel"/>).</param>
    /// <param name="modelName">The model name (a string or a placeholder); the model's own name when null.</param>
    /// <exception cref="ArgumentException">Neither <paramref name="modelName"/> nor the model has a name.</exception>
    public ModelStep(string name, Model model, object? modelName = null)
        : base(name, "sagemaker", "createModel", IntegrationPattern.CallAndContinue, CallOnly)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        ModelName = SageMakerRequest.StringOrPlaceholder(modelName ?? model.Name, $"Model step '{name}': model name");
    }

    /// <summary>The model to create.</summary>
    public Model Model { get; }

    /// <summary>The model name: a string or a placeholder.</summary>
    public object ModelName { get; }

    /// <summary>Tags: a dictionary (written as <c>[{Key, Value}]</c>) or a placeholder.</summary>
    public object? Tags { get; init; }

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, object?> Request()
    {
        var request = new Dictionary<string, object?>
        {
            ["ExecutionRoleArn"] = Model.Role,
            ["ModelName"] = ModelName,
            ["PrimaryContainer"] = SageMakerRequest.Container(Model),
        };
        if (SageMakerRequest.Tags(Tags) is { } tags) request["Tags"] = tags;
        return request;
    }
}
