using Stepwise.Workflows.SageMaker;

namespace Stepwise.Workflows;

/// <summary>Creates a SageMaker endpoint configuration with one production variant (<c>sagemaker:createEndpointConfig</c>),
/// as the Python SDK's <c>EndpointConfigStep</c>; <see cref="TaskStep.Parameters"/> are merged over the request.</summary>
public sealed class EndpointConfigStep : ServiceIntegrationStep
{
    /// <summary>A create-endpoint-config step.</summary>
    /// <param name="name">The state name.</param>
    /// <param name="endpointConfigName">The endpoint configuration name (a string or a placeholder).</param>
    /// <param name="modelName">The model the variant serves (a string or a placeholder).</param>
    /// <param name="initialInstanceCount">Instances of the variant (an integer or a placeholder).</param>
    /// <param name="instanceType">Instance type of the variant (a string or a placeholder).</param>
    public EndpointConfigStep(string name, object endpointConfigName, object modelName, object initialInstanceCount, object instanceType)
        : base(name, "sagemaker", "createEndpointConfig", IntegrationPattern.CallAndContinue, CallOnly)
    {
        EndpointConfigName = SageMakerRequest.StringOrPlaceholder(endpointConfigName, $"Endpoint config step '{name}': endpoint config name");
        ModelName = SageMakerRequest.StringOrPlaceholder(modelName, $"Endpoint config step '{name}': model name");
        InitialInstanceCount = SageMakerRequest.IntOrPlaceholder(initialInstanceCount, $"Endpoint config step '{name}': initial instance count");
        InstanceType = SageMakerRequest.StringOrPlaceholder(instanceType, $"Endpoint config step '{name}': instance type");
    }

    /// <summary>The endpoint configuration name.</summary>
    public object EndpointConfigName { get; }

    /// <summary>The model the variant serves.</summary>
    public object ModelName { get; }

    /// <summary>Instances of the variant.</summary>
    public object InitialInstanceCount { get; }

    /// <summary>Instance type of the variant.</summary>
    public object InstanceType { get; }

    /// <summary>The variant's name.</summary>
    public string VariantName { get; init; } = "AllTraffic";

    /// <summary>Capture of requests and responses to S3.</summary>
    public DataCaptureConfig? DataCaptureConfig { get; init; }

    /// <summary>Tags: a dictionary (written as <c>[{Key, Value}]</c>) or a placeholder.</summary>
    public object? Tags { get; init; }

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, object?> Request()
    {
        var request = new Dictionary<string, object?>
        {
            ["EndpointConfigName"] = EndpointConfigName,
            ["ProductionVariants"] = new List<object?>
            {
                new Dictionary<string, object?>
                {
                    ["InitialInstanceCount"] = InitialInstanceCount,
                    ["InstanceType"] = InstanceType,
                    ["ModelName"] = ModelName,
                    ["VariantName"] = VariantName,
                },
            },
        };
        if (DataCaptureConfig is not null) request["DataCaptureConfig"] = DataCaptureConfig.ToRequest();
        if (SageMakerRequest.Tags(Tags) is { } tags) request["Tags"] = tags;
        return request;
    }
}
