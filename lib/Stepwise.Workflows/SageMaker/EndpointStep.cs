using Stepwise.Workflows.SageMaker;

namespace Stepwise.Workflows;

/// <summary>Creates a SageMaker endpoint, or moves an existing one to a new configuration (<c>sagemaker:createEndpoint</c> /
/// <c>sagemaker:updateEndpoint</c>), as the Python SDK's <c>EndpointStep</c>.</summary>
public sealed class EndpointStep : ServiceIntegrationStep
{
    private readonly object? _tags;

    /// <summary>An endpoint step.</summary>
    /// <param name="name">The state name.</param>
    /// <param name="endpointName">The endpoint name (a string or a placeholder).</param>
    /// <param name="endpointConfigName">The endpoint configuration to deploy (a string or a placeholder).</param>
    /// <param name="update">True updates an existing endpoint (<c>updateEndpoint</c>) instead of creating one.</param>
    public EndpointStep(string name, object endpointName, object endpointConfigName, bool update = false)
        : base(name, "sagemaker", update ? "updateEndpoint" : "createEndpoint", IntegrationPattern.CallAndContinue, CallOnly)
    {
        EndpointName = SageMakerRequest.StringOrPlaceholder(endpointName, $"Endpoint step '{name}': endpoint name");
        EndpointConfigName = SageMakerRequest.StringOrPlaceholder(endpointConfigName, $"Endpoint step '{name}': endpoint config name");
        Update = update;
    }

    /// <summary>The endpoint name.</summary>
    public object EndpointName { get; }

    /// <summary>The endpoint configuration to deploy.</summary>
    public object EndpointConfigName { get; }

    /// <summary>True when this updates an existing endpoint.</summary>
    public bool Update { get; }

    /// <summary>Tags of a new endpoint: a dictionary (written as <c>[{Key, Value}]</c>) or a placeholder.</summary>
    /// <exception cref="ArgumentException">Set on an update, which takes no tags (UpdateEndpoint has no <c>Tags</c>).</exception>
    public object? Tags
    {
        get => _tags;
        init => _tags = !Update || value is null ? value
            : throw new ArgumentException($"Endpoint step '{Name}': UpdateEndpoint takes no Tags; tag the endpoint when it is created.");
    }

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, object?> Request()
    {
        var request = new Dictionary<string, object?>
        {
            ["EndpointConfigName"] = EndpointConfigName,
            ["EndpointName"] = EndpointName,
        };
        if (SageMakerRequest.Tags(Tags) is { } tags) request["Tags"] = tags;
        return request;
    }
}
