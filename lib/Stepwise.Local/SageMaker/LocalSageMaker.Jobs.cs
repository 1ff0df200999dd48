using Stepwise.Aws.SageMaker;

namespace Stepwise.Local.SageMaker;

/// <summary>Transform, processing and hyperparameter tuning jobs (see <see cref="TransformJobs"/>,
/// <see cref="ProcessingJobs"/>, <see cref="TuningJobs"/>), under <c>{data}/sagemaker/{transform,processing,tuning}-jobs</c>,
/// and the tags of every resource.</summary>
public sealed partial class LocalSageMaker
{
    public Task<CreateTransformJobResponse> CreateTransformJobAsync(CreateTransformJobRequest input, CancellationToken cancellationToken = default) =>
        Run(() =>
        {
            SageMakerTags.Validate(input.Tags);
            var created = _transforms.Create(input);
            _tags.Created(created.TransformJobArn, input.Tags);
            return created;
        });

    public Task<DescribeTransformJobResponse> DescribeTransformJobAsync(DescribeTransformJobRequest input, CancellationToken cancellationToken = default) =>
        Run(() => _transforms.Describe(input.TransformJobName));

    /// <summary>Stopping now; its container is stopped, and the job ends Stopped.</summary>
    public Task<StopTransformJobOutput> StopTransformJobAsync(StopTransformJobRequest input, CancellationToken cancellationToken = default) =>
        Run(() =>
        {
            _transforms.Stop(input.TransformJobName);
            return new StopTransformJobOutput();
        });

    /// <summary>Waits for the transform job to end (tests and in-process callers; over the wire, poll DescribeTransformJob).</summary>
    public Task<DescribeTransformJobResponse> WaitForTransformJobAsync(string name, CancellationToken cancellationToken = default) =>
        _transforms.WaitAsync(name, cancellationToken);

    public Task<CreateProcessingJobResponse> CreateProcessingJobAsync(CreateProcessingJobRequest input, CancellationToken cancellationToken = default) =>
        Run(() =>
        {
            SageMakerTags.Validate(input.Tags);
            var created = _processing.Create(input);
            _tags.Created(created.ProcessingJobArn, input.Tags);
            return created;
        });

    public Task<DescribeProcessingJobResponse> DescribeProcessingJobAsync(DescribeProcessingJobRequest input, CancellationToken cancellationToken = default) =>
        Run(() => _processing.Describe(input.ProcessingJobName));

    /// <summary>Stopping now: SIGTERM to the container, SIGKILL after the grace period; then Stopped.</summary>
    public Task<StopProcessingJobOutput> StopProcessingJobAsync(StopProcessingJobRequest input, CancellationToken cancellationToken = default) =>
        Run(() =>
        {
            _processing.Stop(input.ProcessingJobName);
            return new StopProcessingJobOutput();
        });

    /// <summary>Waits for the processing job to end (over the wire, poll DescribeProcessingJob).</summary>
    public Task<DescribeProcessingJobResponse> WaitForProcessingJobAsync(string name, CancellationToken cancellationToken = default) =>
        _processing.WaitAsync(name, cancellationToken);

    public Task<CreateHyperParameterTuningJobResponse> CreateHyperParameterTuningJobAsync(CreateHyperParameterTuningJobRequest input, CancellationToken cancellationToken = default) =>
        Run(() =>
        {
            SageMakerTags.Validate(input.Tags);
            var created = _tuning.Create(input);
            _tags.Created(created.HyperParameterTuningJobArn, input.Tags);
            return created;
        });

    public Task<DescribeHyperParameterTuningJobResponse> DescribeHyperParameterTuningJobAsync(DescribeHyperParameterTuningJobRequest input, CancellationToken cancellationToken = default) =>
        Run(() => _tuning.Describe(input.HyperParameterTuningJobName));

    /// <summary>Stopping now: no new training jobs, the running ones stopped; then Stopped.</summary>
    public Task<StopHyperParameterTuningJobOutput> StopHyperParameterTuningJobAsync(StopHyperParameterTuningJobRequest input, CancellationToken cancellationToken = default) =>
        Run(() =>
        {
            _tuning.Stop(input.HyperParameterTuningJobName);
            return new StopHyperParameterTuningJobOutput();
        });

    /// <summary>Waits for the tuning job to end (over the wire, poll DescribeHyperParameterTuningJob).</summary>
    public Task<DescribeHyperParameterTuningJobResponse> WaitForHyperParameterTuningJobAsync(string name, CancellationToken cancellationToken = default) =>
        _tuning.WaitAsync(name, cancellationToken);

    public Task<AddTagsOutput> AddTagsAsync(AddTagsInput input, CancellationToken cancellationToken = default) =>
        Run(() => new AddTagsOutput { Tags = _tags.Add(input.ResourceArn, input.Tags) });

    public Task<DeleteTagsOutput> DeleteTagsAsync(DeleteTagsInput input, CancellationToken cancellationToken = default) =>
        Run(() =>
        {
            _tags.Delete(input.ResourceArn, input.TagKeys);
            return new DeleteTagsOutput();
        });

    /// <summary>A resource's tags, in pages of MaxResults (50 by default) with an offset as NextToken.</summary>
    public Task<ListTagsOutput> ListTagsAsync(ListTagsInput input, CancellationToken cancellationToken = default) =>
        Run(() =>
        {
            var max = input.MaxResults ?? 50;
            if (max < 50)
                throw SageMakerErrors.Constraints([SageMakerErrors.Range(max, "maxResults", 50, int.MaxValue)]);
            var offset = 0;
            if (input.NextToken is { } token && (!int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out offset) || offset < 0))
                throw SageMakerErrors.Validation($"Invalid pagination token: {token}");
            var tags = _tags.List(input.ResourceArn);
            return new ListTagsOutput
            {
                Tags = [.. tags.Skip(offset).Take(max)],
                NextToken = offset + max < tags.Count ? (offset + max).ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
            };
        });
}
