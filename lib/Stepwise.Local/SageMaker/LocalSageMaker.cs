using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Stepwise.Aws.SageMaker;
using Stepwise.Local.Images;
using Stepwise.Local.S3;

namespace Stepwise.Local.SageMaker;

/// <summary>
/// Local SageMaker: training jobs run the image's <c>train</c> entry point as a process over an <c>/opt/ml</c> laid out
/// under <c>{data}/sagemaker/training-jobs/{name}/opt/ml</c>, with channels copied from local S3, the model tarred
/// back to S3, the output in CloudWatch Logs and statuses, transitions, metrics and failure reasons as SageMaker reports
/// them. Jobs are kept as one JSON record per job; a job that was running when the cloud stopped is Failed at the next
/// open (its process is gone, as a lost instance's is on AWS). Transform, processing and tuning jobs run on the same
/// machinery (<see cref="TransformJobs"/>, <see cref="ProcessingJobs"/>, <see cref="TuningJobs"/>); every resource's tags
/// are kept (<see cref="SageMakerTags"/>).
/// </summary>
public sealed partial class LocalSageMaker : ISageMaker, IAsyncDisposable
{
    /// <summary>SageMaker's MaxRuntimeInSeconds when the request gives none: one day.</summary>
    public const int DefaultMaxRuntimeInSeconds = 86_400;

    private readonly LocalSageMakerOptions _options;
    private readonly ConcurrentDictionary<string, TrainingJob> _jobs = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _creating = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly TrainingJobRunner _runner;
    private readonly SageMakerHosting _hosting;
    private readonly SageMakerTags _tags;
    private readonly TransformJobs _transforms;
    private readonly ProcessingJobs _processing;
    private readonly TuningJobs _tuning;
    private readonly ExecutionRoleChecks _roles;

    /// <summary>Opens the jobs under <c>{data}/sagemaker</c>; a job left InProgress by an earlier run is marked Failed.</summary>
    public LocalSageMaker(LocalSageMakerOptions options)
    {
        _options = options;
        _roles = new ExecutionRoleChecks(options.ExecutionRoles, options.Region, options.AccountId);
        TrainingJobsDirectory = Path.Combine(options.DataDirectory, "sagemaker", "training-jobs");
        Directory.CreateDirectory(TrainingJobsDirectory);
        _runner = new TrainingJobRunner(options, _shutdown.Token);
        foreach (var folder in Directory.EnumerateDirectories(TrainingJobsDirectory))
            if (TrainingJobRecord.Load(folder) is { } record)
                _jobs[record.Description.TrainingJobName] = Recover(new TrainingJob(folder, record));
        _hosting = new SageMakerHosting(options);
        _tags = new SageMakerTags(options.DataDirectory);
        _transforms = new TransformJobs(options, _hosting, _shutdown.Token);
        _processing = new ProcessingJobs(options, _shutdown.Token);
        _tuning = new TuningJobs(options, this, _shutdown.Token);
    }

    /// <summary>Where training jobs live: <c>{name}/job.json</c> and <c>{name}/opt/ml</c>.</summary>
    public string TrainingJobsDirectory { get; }

    [GeneratedRegex("^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")]
    private static partial Regex NamePattern();

    public Task<CreateTrainingJobResponse> CreateTrainingJobAsync(CreateTrainingJobRequest input, CancellationToken cancellationToken = default) =>
        CreateTrainingJobAsync(input, null, cancellationToken);

    /// <summary>A training job, launched by the tuning job <paramref name="tuningJobArn"/> when not null.</summary>
    internal async Task<CreateTrainingJobResponse> CreateTrainingJobAsync(CreateTrainingJobRequest input, string? tuningJobArn, CancellationToken cancellationToken)
    {
        ValidateName(input.TrainingJobName);
        SageMakerTags.Validate(input.Tags);
        var algorithm = input.AlgorithmSpecification
            ?? throw SageMakerErrors.Constraints([SageMakerErrors.Constraint(null, "algorithmSpecification", "Member must not be null")]);
        if (algorithm.TrainingImage is not { Length: > 0 } imageUri)
            throw SageMakerErrors.NotServedLocally(algorithm.AlgorithmName is null ? "A training job without AlgorithmSpecification.TrainingImage" : $"AlgorithmName ({algorithm.AlgorithmName})");
        if (algorithm.TrainingInputMode is not (TrainingInputMode.File or TrainingInputMode.FastFile))
            throw SageMakerErrors.NotServedLocally($"TrainingInputMode {algorithm.TrainingInputMode}");
        if (algorithm.ContainerEntrypoint is not null)
            throw SageMakerErrors.NotServedLocally("AlgorithmSpecification.ContainerEntrypoint");
        foreach (var definition in algorithm.MetricDefinitions ?? [])
            try
            {
                _ = new Regex(definition.Regex);
            }
            catch (ArgumentException e)
            {
                throw SageMakerErrors.Validation($"Metric definition {definition.Name} has an invalid regex '{definition.Regex}': {e.Message}");
            }
        var output = S3Location.TryParse(input.OutputDataConfig.S3OutputPath)
            ?? throw SageMakerErrors.Constraints([SageMakerErrors.Constraint(input.OutputDataConfig.S3OutputPath, "outputDataConfig.s3OutputPath",
                "Member must satisfy regular expression pattern: ^(https|s3)://([^/]+)/?(.*)$")]);
        var arn = SageMakerArns.TrainingJob(_options.Region, _options.AccountId, input.TrainingJobName);
        if (!_roles.CanAssume(input.RoleArn, arn))
            throw ExecutionRoleErrors.CannotAssume(input.RoleArn);
        LocalImage image;
        try
        {
            image = _options.Images.Resolve(imageUri);
        }
        catch (ImageNotFoundException e)
        {
            throw SageMakerErrors.ImageNotFound(imageUri, e.Message);
        }
        await ValidateChannelsAsync(input, cancellationToken).ConfigureAwait(false);

        var now = _options.Time.GetUtcNow();
        var description = new DescribeTrainingJobResponse
        {
            TrainingJobName = input.TrainingJobName,
            TrainingJobArn = arn,
            ModelArtifacts = new ModelArtifacts { S3ModelArtifacts = output.Child($"{input.TrainingJobName}/output/model.tar.gz").ToString() },
            TrainingJobStatus = TrainingJobStatus.InProgress,
            SecondaryStatus = SecondaryStatus.Starting,
            HyperParameters = input.HyperParameters ?? new Dictionary<string, string>(),
            AlgorithmSpecification = algorithm,
            RoleArn = input.RoleArn,
            InputDataConfig = input.InputDataConfig,
            OutputDataConfig = input.OutputDataConfig,
            ResourceConfig = input.ResourceConfig,
            VpcConfig = input.VpcConfig,
            StoppingCondition = input.StoppingCondition ?? new StoppingCondition { MaxRuntimeInSeconds = DefaultMaxRuntimeInSeconds },
            CreationTime = now,
            LastModifiedTime = now,
            EnableNetworkIsolation = input.EnableNetworkIsolation ?? false,
            EnableInterContainerTrafficEncryption = input.EnableInterContainerTrafficEncryption ?? false,
            EnableManagedSpotTraining = input.EnableManagedSpotTraining ?? false,
            CheckpointConfig = input.CheckpointConfig,
            DebugHookConfig = input.DebugHookConfig,
            ExperimentConfig = input.ExperimentConfig,
            TensorBoardOutputConfig = input.TensorBoardOutputConfig,
            Environment = input.Environment,
            RetryStrategy = input.RetryStrategy,
            TuningJobArn = tuningJobArn,
        }.Enter(SecondaryStatus.Starting, "Preparing the instances for training", now);

        TrainingJob job;
        lock (_creating)
        {
            if (_jobs.TryGetValue(input.TrainingJobName, out var existing))
                throw SageMakerErrors.TrainingJobExists(existing.Description.TrainingJobArn);
            var folder = Path.Combine(TrainingJobsDirectory, input.TrainingJobName);
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); // a record that never got written
            Directory.CreateDirectory(folder);
            job = new TrainingJob(folder, new TrainingJobRecord { Description = description });
            job.Save();
            _jobs[input.TrainingJobName] = job;
            _tags.Created(arn, input.Tags);
        }
        job.Run = _runner.RunAsync(job, image);
        return new CreateTrainingJobResponse { TrainingJobArn = arn };
    }

    public Task<DescribeTrainingJobResponse> DescribeTrainingJobAsync(DescribeTrainingJobRequest input, CancellationToken cancellationToken = default)
    {
        ValidateName(input.TrainingJobName);
        return Task.FromResult(Find(input.TrainingJobName).Description);
    }

    /// <summary>Jobs filtered as SageMaker filters them (name substring, status, creation and modification times),
    /// sorted by CreationTime (default), Name or Status, Ascending by default, in pages of MaxResults (10 by default, at most 100).</summary>
    public Task<ListTrainingJobsResponse> ListTrainingJobsAsync(ListTrainingJobsRequest input, CancellationToken cancellationToken = default)
    {
        var max = input.MaxResults ?? 10;
        if (max is < 1 or > 100)
            throw SageMakerErrors.Constraints([SageMakerErrors.Constraint(max.ToString(System.Globalization.CultureInfo.InvariantCulture), "maxResults",
                max < 1 ? "Member must have value greater than or equal to 1" : "Member must have value less than or equal to 100")]);
        if (input.StatusEquals is { } status && !TrainingJobStatus.Values.Contains(status))
            throw SageMakerErrors.Constraints([SageMakerErrors.Constraint(status, "statusEquals", $"Member must satisfy enum value set: [{string.Join(", ", TrainingJobStatus.Values)}]")]);
        var offset = 0;
        if (input.NextToken is { } token && (!int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out offset) || offset < 0))
            throw SageMakerErrors.Validation($"Invalid pagination token: {token}");

        var jobs = _jobs.Values.Select(j => j.Description).Where(d =>
            (input.NameContains is null || d.TrainingJobName.Contains(input.NameContains, StringComparison.OrdinalIgnoreCase)) &&
            (input.StatusEquals is null || d.TrainingJobStatus == input.StatusEquals) &&
            (input.CreationTimeAfter is null || d.CreationTime > input.CreationTimeAfter) &&
            (input.CreationTimeBefore is null || d.CreationTime < input.CreationTimeBefore) &&
            (input.LastModifiedTimeAfter is null || d.LastModifiedTime > input.LastModifiedTimeAfter) &&
            (input.LastModifiedTimeBefore is null || d.LastModifiedTime < input.LastModifiedTimeBefore));
        var sorted = (input.SortBy ?? SortBy.CreationTime) switch
        {
            SortBy.Name => jobs.OrderBy(d => d.TrainingJobName, StringComparer.Ordinal),
            SortBy.Status => jobs.OrderBy(d => d.TrainingJobStatus, StringComparer.Ordinal).ThenBy(d => d.CreationTime),
            _ => jobs.OrderBy(d => d.CreationTime).ThenBy(d => d.TrainingJobName, StringComparer.Ordinal),
        };
        var ordered = (input.SortOrder ?? SortOrder.Ascending) == SortOrder.Descending ? sorted.Reverse().ToList() : sorted.ToList();
        var page = ordered.Skip(offset).Take(max).Select(d => new TrainingJobSummary
        {
            TrainingJobName = d.TrainingJobName,
            TrainingJobArn = d.TrainingJobArn,
            CreationTime = d.CreationTime,
            TrainingEndTime = d.TrainingEndTime,
            LastModifiedTime = d.LastModifiedTime,
            TrainingJobStatus = d.TrainingJobStatus,
            SecondaryStatus = d.SecondaryStatus,
        }).ToList();
        return Task.FromResult(new ListTrainingJobsResponse
        {
            TrainingJobSummaries = page,
            NextToken = offset + max < ordered.Count ? (offset + max).ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        });
    }

    /// <summary>Stopping now; SIGTERM to the container, SIGKILL after the grace period; then Uploading and Stopped.</summary>
    public Task<StopTrainingJobOutput> StopTrainingJobAsync(StopTrainingJobRequest input, CancellationToken cancellationToken = default)
    {
        ValidateName(input.TrainingJobName);
        var job = Find(input.TrainingJobName);
        if (job.Description.TrainingJobStatus == TrainingJobStatus.Stopping)
            return Task.FromResult(new StopTrainingJobOutput());
        if (!_runner.RequestStop(job, SecondaryStatus.Stopped, "Stopping the training job"))
            throw SageMakerErrors.CannotStop(job.Description.TrainingJobStatus);
        return Task.FromResult(new StopTrainingJobOutput());
    }

    /// <summary>Waits for the job's run to end (tests and in-process callers; over the wire, poll DescribeTrainingJob).</summary>
    public async Task<DescribeTrainingJobResponse> WaitForTrainingJobAsync(string name, CancellationToken cancellationToken = default)
    {
        var job = Find(name);
        await job.Run.WaitAsync(cancellationToken).ConfigureAwait(false);
        return job.Description;
    }

    /// <summary>Stops every running container at once; their jobs stay InProgress on disk and the next open fails them.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_shutdown.IsCancellationRequested) return;
        await _shutdown.CancelAsync().ConfigureAwait(false);
        await _tuning.DisposeAsync().ConfigureAwait(false);
        await _transforms.DisposeAsync().ConfigureAwait(false);
        await _processing.DisposeAsync().ConfigureAwait(false);
        await _hosting.DisposeAsync().ConfigureAwait(false);
        foreach (var job in _jobs.Values)
            try
            {
                await job.Run.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
            }
        _shutdown.Dispose();
    }

    private TrainingJob Find(string name) =>
        _jobs.TryGetValue(name, out var job) ? job : throw SageMakerErrors.TrainingJobNotFound();

    private static void ValidateName(string? name)
    {
        var violations = new List<string>();
        if (name is null)
            violations.Add(SageMakerErrors.Constraint(null, "trainingJobName", "Member must not be null"));
        else
        {
            if (name.Length > 63)
                violations.Add(SageMakerErrors.Constraint(name, "trainingJobName", "Member must have length less than or equal to 63"));
            if (!NamePattern().IsMatch(name))
                violations.Add(SageMakerErrors.Constraint(name, "trainingJobName", $"Member must satisfy regular expression pattern: {SageMakerErrors.NamePattern}"));
        }
        if (violations.Count > 0) throw SageMakerErrors.Constraints(violations);
    }

    private async Task ValidateChannelsAsync(CreateTrainingJobRequest input, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var channel in input.InputDataConfig ?? [])
        {
            if (!names.Add(channel.ChannelName))
                throw SageMakerErrors.Validation($"Channel names must be unique: {channel.ChannelName} is given twice.");
            var source = channel.DataSource.S3DataSource
                ?? throw SageMakerErrors.NotServedLocally($"Channel {channel.ChannelName}'s data source (only S3DataSource)");
            if (source.S3DataType is not (S3DataType.S3Prefix or S3DataType.ManifestFile))
                throw SageMakerErrors.NotServedLocally($"S3DataType {source.S3DataType} (channel {channel.ChannelName})");
            if (channel.InputMode is { } mode && mode is not (TrainingInputMode.File or TrainingInputMode.FastFile))
                throw SageMakerErrors.NotServedLocally($"InputMode {mode} (channel {channel.ChannelName})");
            var location = S3Location.TryParse(source.S3Uri)
                ?? throw SageMakerErrors.Constraints([SageMakerErrors.Constraint(source.S3Uri, "inputDataConfig.member.dataSource.s3DataSource.s3Uri",
                    "Member must satisfy regular expression pattern: ^(https|s3)://([^/]+)/?(.*)$")]);
            var found = false;
            try
            {
                var page = await _options.ObjectStorage.ListObjectsV2Async(new ListObjectsV2Request { Bucket = location.Bucket, Prefix = location.Key, MaxKeys = 1 }, cancellationToken).ConfigureAwait(false);
                found = page.Contents.Count > 0;
            }
            catch (S3Exception)
            {
            }
            // SageMaker lists the prefix with the role at create time: a role without s3:ListBucket sees no objects.
            if (!found || source.S3DataType == S3DataType.S3Prefix && !_roles.MayList(input.RoleArn, location.Bucket))
                throw SageMakerErrors.NoObjects(source.S3Uri, _options.Region, input.RoleArn, location.Bucket);
        }
    }

    /// <summary>A job the last run left InProgress or Stopping: its process (if it outlived the cloud) is killed and the
    /// job Failed, saying why.</summary>
    private TrainingJob Recover(TrainingJob job)
    {
        if (!job.IsActive) return job;
        var record = job.Record;
        if (record.ProcessId is { } pid)
            try
            {
                using var process = Process.GetProcessById(pid);
                if (record.ProcessStartTime is { } started && Math.Abs((process.StartTime.ToUniversalTime() - started).TotalSeconds) < 2)
                    ProcessSignals.KillTree(process);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Gone already.
            }
        var now = _options.Time.GetUtcNow();
        job.Update(r => r with
        {
            ProcessId = null,
            ProcessStartTime = null,
            Description = r.Description.End(TrainingJobStatus.Failed, SecondaryStatus.Failed,
                "Training job failed: the local cloud restarted while it ran", now,
                "InternalServerError: The local cloud restarted while this training job was running, and its container process was lost. Start a new training job (a new name) to train again."),
        });
        return job;
    }
}
