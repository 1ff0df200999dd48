using Stepwise.Aws.SageMaker;

namespace Stepwise.Local.SageMaker;

/// <summary>Models, endpoint configurations and endpoints (see <see cref="SageMakerHosting"/>); their data lives under
/// <c>{data}/sagemaker/{models,endpoint-configs,endpoints}</c>.</summary>
public sealed partial class LocalSageMaker
{
    public async Task<CreateModelOutput> CreateModelAsync(CreateModelInput input, CancellationToken cancellationToken = default)
    {
        SageMakerTags.Validate(input.Tags);
        var created = await _hosting.CreateModelAsync(input, cancellationToken).ConfigureAwait(false);
        _tags.Created(created.ModelArn, input.Tags);
        return created;
    }

    public Task<DescribeModelOutput> DescribeModelAsync(DescribeModelInput input, CancellationToken cancellationToken = default) =>
        Run(() => _hosting.DescribeModel(input.ModelName));

    public Task<DeleteModelOutput> DeleteModelAsync(DeleteModelInput input, CancellationToken cancellationToken = default) =>
        Run(() =>
        {
            var arn = _hosting.DescribeModel(input.ModelName).ModelArn;
            _hosting.DeleteModel(input.ModelName);
            _tags.Deleted(arn);
            return new DeleteModelOutput();
        });

    public Task<ListModelsOutput> ListModelsAsync(ListModelsInput input, CancellationToken cancellationToken = default) =>
        Run(() => _hosting.ListModels(input));

    public Task<CreateEndpointConfigOutput> CreateEndpointConfigAsync(CreateEndpointConfigInput input, CancellationToken cancellationToken = default) =>
        Run(() =>
        {
            SageMakerTags.Validate(input.Tags);
            var created = _hosting.CreateEndpointConfig(input);
            _tags.Created(created.EndpointConfigArn, input.Tags);
            return created;
        });

    public Task<DescribeEndpointConfigOutput> DescribeEndpointConfigAsync(DescribeEndpointConfigInput input, CancellationToken cancellationToken = default) =>
        Run(() => _hosting.DescribeEndpointConfig(input.EndpointConfigName));

    public Task<DeleteEndpointConfigOutput> DeleteEndpointConfigAsync(DeleteEndpointConfigInput input, CancellationToken cancellationToken = default) =>
        Run(() =>
        {
            var arn = _hosting.DescribeEndpointConfig(input.EndpointConfigName).EndpointConfigArn;
            _hosting.DeleteEndpointConfig(input.EndpointConfigName);
            _tags.Deleted(arn);
            return new DeleteEndpointConfigOutput();
        });

    public Task<ListEndpointConfigsOutput> ListEndpointConfigsAsync(ListEndpointConfigsInput input, CancellationToken cancellationToken = default) =>
        Run(() => _hosting.ListEndpointConfigs(input));

    /// <summary>Creating now; InService once every variant's <c>serve</c> answers <c>GET /ping</c> 200 (Failed when one
    /// exits or the startup timeout passes: the variant's ContainerStartupHealthCheckTimeoutInSeconds, else
    /// <see cref="LocalSageMakerOptions.EndpointStartupTimeout"/>).</summary>
    public Task<CreateEndpointOutput> CreateEndpointAsync(CreateEndpointInput input, CancellationToken cancellationToken = default) =>
        Run(() =>
        {
            SageMakerTags.Validate(input.Tags);
            var created = _hosting.CreateEndpoint(input);
            _tags.Created(created.EndpointArn, input.Tags);
            return created;
        });

    public Task<DescribeEndpointOutput> DescribeEndpointAsync(DescribeEndpointInput input, CancellationToken cancellationToken = default) =>
        Run(() => _hosting.DescribeEndpoint(input.EndpointName));

    /// <summary>Updating now; the new config's containers start beside the old ones, which stop once the new ones are healthy.</summary>
    public Task<UpdateEndpointOutput> UpdateEndpointAsync(UpdateEndpointInput input, CancellationToken cancellationToken = default) =>
        Run(() => _hosting.UpdateEndpoint(input));

    /// <summary>Stops the endpoint's containers and removes it.</summary>
    public async Task<DeleteEndpointOutput> DeleteEndpointAsync(DeleteEndpointInput input, CancellationToken cancellationToken = default)
    {
        var arn = _hosting.DescribeEndpoint(input.EndpointName).EndpointArn;
        await _hosting.DeleteEndpointAsync(input.EndpointName).ConfigureAwait(false);
        _tags.Deleted(arn);
        return new DeleteEndpointOutput();
    }

    public Task<ListEndpointsOutput> ListEndpointsAsync(ListEndpointsInput input, CancellationToken cancellationToken = default) =>
        Run(() => _hosting.ListEndpoints(input));

    /// <summary>Waits until the endpoint's creation, update or restart has ended (tests and in-process callers; over the
    /// wire, poll DescribeEndpoint).</summary>
    public Task<DescribeEndpointOutput> WaitForEndpointAsync(string name, CancellationToken cancellationToken = default) =>
        _hosting.WaitAsync(name, cancellationToken);

    /// <summary>Where SageMaker Runtime sends an invocation (null: no such endpoint in service).</summary>
    internal (ServingContainer Container, DescribeEndpointOutput Endpoint)? RouteInvocation(string endpointName, string? targetVariant) =>
        _hosting.Route(endpointName, targetVariant);

    internal LocalSageMakerOptions Options => _options;

    internal static Task<T> Run<T>(Func<T> operation)
    {
        try
        {
            return Task.FromResult(operation());
        }
        catch (Exception e)
        {
            return Task.FromException<T>(e);
        }
    }
}
