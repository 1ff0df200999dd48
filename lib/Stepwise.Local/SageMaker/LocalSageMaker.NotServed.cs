using Stepwise.Aws.SageMaker;

namespace Stepwise.Local.SageMaker;

/// <summary>The operations of the SageMaker API the local SageMaker does not serve yet: each fails at once with
/// <c>UnknownOperationException</c> naming it (transform, processing and tuning jobs, tags arrive next).</summary>
public sealed partial class LocalSageMaker
{
    public Task<AddTagsOutput> AddTagsAsync(AddTagsInput input, CancellationToken cancellationToken = default) => Task.FromException<AddTagsOutput>(SageMakerErrors.NotServedYet());

    public Task<CreateHyperParameterTuningJobResponse> CreateHyperParameterTuningJobAsync(CreateHyperParameterTuningJobRequest input, CancellationToken cancellationToken = default) => Task.FromException<CreateHyperParameterTuningJobResponse>(SageMakerErrors.NotServedYet());

    public Task<CreateProcessingJobResponse> CreateProcessingJobAsync(CreateProcessingJobRequest input, CancellationToken cancellationToken = default) => Task.FromException<CreateProcessingJobResponse>(SageMakerErrors.NotServedYet());

    public Task<CreateTransformJobResponse> CreateTransformJobAsync(CreateTransformJobRequest input, CancellationToken cancellationToken = default) => Task.FromException<CreateTransformJobResponse>(SageMakerErrors.NotServedYet());

    public Task<DeleteTagsOutput> DeleteTagsAsync(DeleteTagsInput input, CancellationToken cancellationToken = default) => Task.FromException<DeleteTagsOutput>(SageMakerErrors.NotServedYet());

    public Task<DescribeHyperParameterTuningJobResponse> DescribeHyperParameterTuningJobAsync(DescribeHyperParameterTuningJobRequest input, CancellationToken cancellationToken = default) => Task.FromException<DescribeHyperParameterTuningJobResponse>(SageMakerErrors.NotServedYet());

    public Task<DescribeProcessingJobResponse> DescribeProcessingJobAsync(DescribeProcessingJobRequest input, CancellationToken cancellationToken = default) => Task.FromException<DescribeProcessingJobResponse>(SageMakerErrors.NotServedYet());

    public Task<DescribeTransformJobResponse> DescribeTransformJobAsync(DescribeTransformJobRequest input, CancellationToken cancellationToken = default) => Task.FromException<DescribeTransformJobResponse>(SageMakerErrors.NotServedYet());

    public Task<ListTagsOutput> ListTagsAsync(ListTagsInput input, CancellationToken cancellationToken = default) => Task.FromException<ListTagsOutput>(SageMakerErrors.NotServedYet());

    public Task<StopHyperParameterTuningJobOutput> StopHyperParameterTuningJobAsync(StopHyperParameterTuningJobRequest input, CancellationToken cancellationToken = default) => Task.FromException<StopHyperParameterTuningJobOutput>(SageMakerErrors.NotServedYet());

    public Task<StopProcessingJobOutput> StopProcessingJobAsync(StopProcessingJobRequest input, CancellationToken cancellationToken = default) => Task.FromException<StopProcessingJobOutput>(SageMakerErrors.NotServedYet());

    public Task<StopTransformJobOutput> StopTransformJobAsync(StopTransformJobRequest input, CancellationToken cancellationToken = default) => Task.FromException<StopTransformJobOutput>(SageMakerErrors.NotServedYet());

}
