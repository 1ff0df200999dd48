using System.Collections.Concurrent;
using Stepwise.Aws.SageMaker;

namespace Stepwise.Local.Tests.SageMaker.Integration;

/// <summary>A scripted <see cref="ISageMaker"/>: every call is recorded; an operation answers with the handler set by
/// <see cref="On{TIn, TOut}"/>, or fails with <c>UnknownOperationException</c> as the local SageMaker does for what it
/// does not serve.</summary>
internal sealed class FakeSageMaker : ISageMaker
{
    private readonly ConcurrentDictionary<string, Func<object, CancellationToken, Task<object>>> _handlers = new(StringComparer.Ordinal);

    /// <summary>Every call, in order: the operation and its request.</summary>
    public ConcurrentQueue<(string Operation, object Request)> Calls { get; } = new();

    public FakeSageMaker On<TIn, TOut>(string operation, Func<TIn, TOut> handler) where TIn : notnull where TOut : notnull =>
        On<TIn, TOut>(operation, (input, _) => Task.FromResult(handler(input)));

    public FakeSageMaker On<TIn, TOut>(string operation, Func<TIn, CancellationToken, Task<TOut>> handler) where TIn : notnull where TOut : notnull
    {
        _handlers[operation] = async (input, ct) => (await handler((TIn)input, ct))!;
        return this;
    }

    public IReadOnlyList<T> Requests<T>(string operation) => [.. Calls.Where(c => c.Operation == operation).Select(c => (T)c.Request)];

    private async Task<TOut> Handle<TIn, TOut>(string operation, TIn input, CancellationToken cancellationToken) where TIn : notnull
    {
        Calls.Enqueue((operation, input));
        if (!_handlers.TryGetValue(operation, out var handler))
            throw new SageMakerException("UnknownOperationException", $"{operation} is not served by the local SageMaker yet.");
        return (TOut)await handler(input, cancellationToken);
    }

    public Task<AddTagsOutput> AddTagsAsync(AddTagsInput input, CancellationToken cancellationToken = default) => Handle<AddTagsInput, AddTagsOutput>("AddTags", input, cancellationToken);
    public Task<CreateEndpointOutput> CreateEndpointAsync(CreateEndpointInput input, CancellationToken cancellationToken = default) => Handle<CreateEndpointInput, CreateEndpointOutput>("CreateEndpoint", input, cancellationToken);
    public Task<CreateEndpointConfigOutput> CreateEndpointConfigAsync(CreateEndpointConfigInput input, CancellationToken cancellationToken = default) => Handle<CreateEndpointConfigInput, CreateEndpointConfigOutput>("CreateEndpointConfig", input, cancellationToken);
    public Task<CreateHyperParameterTuningJobResponse> CreateHyperParameterTuningJobAsync(CreateHyperParameterTuningJobRequest input, CancellationToken cancellationToken = default) => Handle<CreateHyperParameterTuningJobRequest, CreateHyperParameterTuningJobResponse>("CreateHyperParameterTuningJob", input, cancellationToken);
    public Task<CreateModelOutput> CreateModelAsync(CreateModelInput input, CancellationToken cancellationToken = default) => Handle<CreateModelInput, CreateModelOutput>("CreateModel", input, cancellationToken);
    public Task<CreateProcessingJobResponse> CreateProcessingJobAsync(CreateProcessingJobRequest input, CancellationToken cancellationToken = default) => Handle<CreateProcessingJobRequest, CreateProcessingJobResponse>("CreateProcessingJob", input, cancellationToken);
    public Task<CreateTrainingJobResponse> CreateTrainingJobAsync(CreateTrainingJobRequest input, CancellationToken cancellationToken = default) => Handle<CreateTrainingJobRequest, CreateTrainingJobResponse>("CreateTrainingJob", input, cancellationToken);
    public Task<CreateTransformJobResponse> CreateTransformJobAsync(CreateTransformJobRequest input, CancellationToken cancellationToken = default) => Handle<CreateTransformJobRequest, CreateTransformJobResponse>("CreateTransformJob", input, cancellationToken);
    public Task<DeleteEndpointOutput> DeleteEndpointAsync(DeleteEndpointInput input, CancellationToken cancellationToken = default) => Handle<DeleteEndpointInput, DeleteEndpointOutput>("DeleteEndpoint", input, cancellationToken);
    public Task<DeleteEndpointConfigOutput> DeleteEndpointConfigAsync(DeleteEndpointConfigInput input, CancellationToken cancellationToken = default) => Handle<DeleteEndpointConfigInput, DeleteEndpointConfigOutput>("DeleteEndpointConfig", input, cancellationToken);
    public Task<DeleteModelOutput> DeleteModelAsync(DeleteModelInput input, CancellationToken cancellationToken = default) => Handle<DeleteModelInput, DeleteModelOutput>("DeleteModel", input, cancellationToken);
    public Task<DeleteTagsOutput> DeleteTagsAsync(DeleteTagsInput input, CancellationToken cancellationToken = default) => Handle<DeleteTagsInput, DeleteTagsOutput>("DeleteTags", input, cancellationToken);
    public Task<DescribeEndpointOutput> DescribeEndpointAsync(DescribeEndpointInput input, CancellationToken cancellationToken = default) => Handle<DescribeEndpointInput, DescribeEndpointOutput>("DescribeEndpoint", input, cancellationToken);
    public Task<DescribeEndpointConfigOutput> DescribeEndpointConfigAsync(DescribeEndpointConfigInput input, CancellationToken cancellationToken = default) => Handle<DescribeEndpointConfigInput, DescribeEndpointConfigOutput>("DescribeEndpointConfig", input, cancellationToken);
    public Task<DescribeHyperParameterTuningJobResponse> DescribeHyperParameterTuningJobAsync(DescribeHyperParameterTuningJobRequest input, CancellationToken cancellationToken = default) => Handle<DescribeHyperParameterTuningJobRequest, DescribeHyperParameterTuningJobResponse>("DescribeHyperParameterTuningJob", input, cancellationToken);
    public Task<DescribeModelOutput> DescribeModelAsync(DescribeModelInput input, CancellationToken cancellationToken = default) => Handle<DescribeModelInput, DescribeModelOutput>("DescribeModel", input, cancellationToken);
    public Task<DescribeProcessingJobResponse> DescribeProcessingJobAsync(DescribeProcessingJobRequest input, CancellationToken cancellationToken = default) => Handle<DescribeProcessingJobRequest, DescribeProcessingJobResponse>("DescribeProcessingJob", input, cancellationToken);
    public Task<DescribeTrainingJobResponse> DescribeTrainingJobAsync(DescribeTrainingJobRequest input, CancellationToken cancellationToken = default) => Handle<DescribeTrainingJobRequest, DescribeTrainingJobResponse>("DescribeTrainingJob", input, cancellationToken);
    public Task<DescribeTransformJobResponse> DescribeTransformJobAsync(DescribeTransformJobRequest input, CancellationToken cancellationToken = default) => Handle<DescribeTransformJobRequest, DescribeTransformJobResponse>("DescribeTransformJob", input, cancellationToken);
    public Task<ListEndpointConfigsOutput> ListEndpointConfigsAsync(ListEndpointConfigsInput input, CancellationToken cancellationToken = default) => Handle<ListEndpointConfigsInput, ListEndpointConfigsOutput>("ListEndpointConfigs", input, cancellationToken);
    public Task<ListEndpointsOutput> ListEndpointsAsync(ListEndpointsInput input, CancellationToken cancellationToken = default) => Handle<ListEndpointsInput, ListEndpointsOutput>("ListEndpoints", input, cancellationToken);
    public Task<ListModelsOutput> ListModelsAsync(ListModelsInput input, CancellationToken cancellationToken = default) => Handle<ListModelsInput, ListModelsOutput>("ListModels", input, cancellationToken);
    public Task<ListTagsOutput> ListTagsAsync(ListTagsInput input, CancellationToken cancellationToken = default) => Handle<ListTagsInput, ListTagsOutput>("ListTags", input, cancellationToken);
    public Task<ListTrainingJobsResponse> ListTrainingJobsAsync(ListTrainingJobsRequest input, CancellationToken cancellationToken = default) => Handle<ListTrainingJobsRequest, ListTrainingJobsResponse>("ListTrainingJobs", input, cancellationToken);
    public Task<StopHyperParameterTuningJobOutput> StopHyperParameterTuningJobAsync(StopHyperParameterTuningJobRequest input, CancellationToken cancellationToken = default) => Handle<StopHyperParameterTuningJobRequest, StopHyperParameterTuningJobOutput>("StopHyperParameterTuningJob", input, cancellationToken);
    public Task<StopProcessingJobOutput> StopProcessingJobAsync(StopProcessingJobRequest input, CancellationToken cancellationToken = default) => Handle<StopProcessingJobRequest, StopProcessingJobOutput>("StopProcessingJob", input, cancellationToken);
    public Task<StopTrainingJobOutput> StopTrainingJobAsync(StopTrainingJobRequest input, CancellationToken cancellationToken = default) => Handle<StopTrainingJobRequest, StopTrainingJobOutput>("StopTrainingJob", input, cancellationToken);
    public Task<StopTransformJobOutput> StopTransformJobAsync(StopTransformJobRequest input, CancellationToken cancellationToken = default) => Handle<StopTransformJobRequest, StopTransformJobOutput>("StopTransformJob", input, cancellationToken);
    public Task<UpdateEndpointOutput> UpdateEndpointAsync(UpdateEndpointInput input, CancellationToken cancellationToken = default) => Handle<UpdateEndpointInput, UpdateEndpointOutput>("UpdateEndpoint", input, cancellationToken);
}
