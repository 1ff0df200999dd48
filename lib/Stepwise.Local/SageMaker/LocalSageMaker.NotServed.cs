using Stepwise.Aws.SageMaker;

namespace Stepwise.Local.SageMaker;

/// <summary>The operations of the SageMaker API the local SageMaker does not serve yet: each fails at once with
/// <c>UnknownOperationException</c> naming it (models, endpoints, transform, processing and tuning jobs arrive next).</summary>
public sealed partial class LocalSageMaker
{
    public Task<AddTagsOutput> AddTagsAsync(AddTagsInput input, CancellationToken cancellationToken = default) => Task.FromException<AddTagsOutput>(SageMakerErrors.NotServedYet());

    public Task<CreateEndpointOutput> CreateEndpointAsync(CreateEndpointInput input, CancellationToken cancellationToken = default) => Task.FromException<CreateEndpointOutput>(SageMakerErrors.NotServedYet());

    public Task<CreateEndpointConfigOutput> CreateEndpointConfigAsync(CreateEndpointConfigInput input, CancellationToken cancellationToken = default) => Task.FromException<CreateEndpointConfigOutput>(SageMakerErrors.NotServedYet());

    public Task<CreateHyperParameterTuningJobResponse> CreateHyperParameterTuningJobAsync(CreateHyperParameterTuningJobRequest input, CancellationToken cancellationToken = default) => Task.FromException<CreateHyperParameterTuningJobResponse>(SageMakerErrors.NotServedYet());

    public Task<CreateModelOutput> CreateModelAsync(CreateModelInput input, CancellationToken cancellationToken = default) => Task.FromException<CreateModelOutput>(SageMakerErrors.NotServedYet());

    public Task<CreateProcessingJobResponse> CreateProcessingJobAsync(CreateProcessingJobRequest input, CancellationToken cancellationToken = default) => Task.FromException<CreateProcessingJobResponse>(SageMakerErrors.NotServedYet());

    public Task<CreateTransformJobResponse> CreateTransformJobAsync(CreateTransformJobRequest input, CancellationToken cancellationToken = default) => Task.FromException<CreateTransformJobResponse>(SageMakerErrors.NotServedYet());

    public Task<DeleteEndpointOutput> DeleteEndpointAsync(DeleteEndpointInput input, CancellationToken cancellationToken = default) => Task.FromException<DeleteEndpointOutput>(SageMakerErrors.NotServedYet());

    public Task<DeleteEndpointConfigOutput> DeleteEndpointConfigAsync(DeleteEndpointConfigInput input, CancellationToken cancellationToken = default) => Task.FromException<DeleteEndpointConfigOutput>(SageMakerErrors.NotServedYet());

    public Task<DeleteModelOutput> DeleteModelAsync(DeleteModelInput input, CancellationToken cancellationToken = default) => Task.FromException<DeleteModelOutput>(SageMakerErrors.NotServedYet());

    public Task<DeleteTagsOutput> DeleteTagsAsync(DeleteTagsInput input, CancellationToken cancellationToken = default) => Task.FromException<DeleteTagsOutput>(SageMakerErrors.NotServedYet());

    public Task<DescribeEndpointOutput> DescribeEndpointAsync(DescribeEndpointInput input, CancellationToken cancellationToken = default) => Task.FromException<DescribeEndpointOutput>(SageMakerErrors.NotServedYet());

    public Task<DescribeEndpointConfigOutput> DescribeEndpointConfigAsync(DescribeEndpointConfigInput input, CancellationToken cancellationToken = default) => Task.FromException<DescribeEndpointConfigOutput>(SageMakerErrors.NotServedYet());

    public Task<DescribeHyperParameterTuningJobResponse> DescribeHyperParameterTuningJobAsync(DescribeHyperParameterTuningJobRequest input, CancellationToken cancellationToken = default) => Task.FromException<DescribeHyperParameterTuningJobResponse>(SageMakerErrors.NotServedYet());

    public Task<DescribeModelOutput> DescribeModelAsync(DescribeModelInput input, CancellationToken cancellationToken = default) => Task.FromException<DescribeModelOutput>(SageMakerErrors.NotServedYet());

    public Task<DescribeProcessingJobResponse> DescribeProcessingJobAsync(DescribeProcessingJobRequest input, CancellationToken cancellationToken = default) => Task.FromException<DescribeProcessingJobResponse>(SageMakerErrors.NotServedYet());

    public Task<DescribeTransformJobResponse> DescribeTransformJobAsync(DescribeTransformJobRequest input, CancellationToken cancellationToken = default) => Task.FromException<DescribeTransformJobResponse>(SageMakerErrors.NotServedYet());

    public Task<ListEndpointConfigsOutput> ListEndpointConfigsAsync(ListEndpointConfigsInput input, CancellationToken cancellationToken = default) => Task.FromException<ListEndpointConfigsOutput>(SageMakerErrors.NotServedYet());

    public Task<ListEndpointsOutput> ListEndpointsAsync(ListEndpointsInput input, CancellationToken cancellationToken = default) => Task.FromException<ListEndpointsOutput>(SageMakerErrors.NotServedYet());

    public Task<ListModelsOutput> ListModelsAsync(ListModelsInput input, CancellationToken cancellationToken = default) => Task.FromException<ListModelsOutput>(SageMakerErrors.NotServedYet());

    public Task<ListTagsOutput> ListTagsAsync(ListTagsInput input, CancellationToken cancellationToken = default) => Task.FromException<ListTagsOutput>(SageMakerErrors.NotServedYet());

    public Task<StopHyperParameterTuningJobOutput> StopHyperParameterTuningJobAsync(StopHyperParameterTuningJobRequest input, CancellationToken cancellationToken = default) => Task.FromException<StopHyperParameterTuningJobOutput>(SageMakerErrors.NotServedYet());

    public Task<StopProcessingJobOutput> StopProcessingJobAsync(StopProcessingJobRequest input, CancellationToken cancellationToken = default) => Task.FromException<StopProcessingJobOutput>(SageMakerErrors.NotServedYet());

    public Task<StopTransformJobOutput> StopTransformJobAsync(StopTransformJobRequest input, CancellationToken cancellationToken = default) => Task.FromException<StopTransformJobOutput>(SageMakerErrors.NotServedYet());

    public Task<UpdateEndpointOutput> UpdateEndpointAsync(UpdateEndpointInput input, CancellationToken cancellationToken = default) => Task.FromException<UpdateEndpointOutput>(SageMakerErrors.NotServedYet());
}
