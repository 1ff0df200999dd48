using System.Collections.Concurrent;
using System.Globalization;
using Stepwise.Aws.SageMaker;
using Stepwise.Local.Images;

namespace Stepwise.Local.SageMaker;

/// <summary>
/// Hyperparameter tuning jobs: the TrainingJobDefinition runs as real local training jobs named as SageMaker names them
/// (<c>{tuning job}-{NNN}-{8 hex}</c>), at most MaxParallelTrainingJobs at a time and MaxNumberOfTrainingJobs in all,
/// each with its tuned hyperparameters (<see cref="HyperParameterSampler"/>, seeded by RandomSeed or the job's name) over
/// the StaticHyperParameters and <c>_tuning_objective_metric</c>; the objective is read from each job's
/// FinalMetricDataList. Random and Grid run as on SageMaker; Bayesian and Hyperband run as Random, and the job's
/// FailureReason says so (the one free-text member of DescribeHyperParameterTuningJob).
/// </summary>
internal sealed class TuningJobs : IAsyncDisposable
{
    public const string TuningObjectiveHyperParameter = "_tuning_objective_metric";

    private readonly LocalSageMakerOptions _options;
    private readonly LocalSageMaker _sageMaker;
    private readonly CancellationToken _shutdown;
    private readonly ConcurrentDictionary<string, LocalJob<DescribeHyperParameterTuningJobResponse>> _jobs = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _creating = new();

    public TuningJobs(LocalSageMakerOptions options, LocalSageMaker sageMaker, CancellationToken shutdown)
    {
        _options = options;
        _sageMaker = sageMaker;
        _shutdown = shutdown;
        Directory = Path.Combine(options.DataDirectory, "sagemaker", "tuning-jobs");
        foreach (var job in LocalJob<DescribeHyperParameterTuningJobResponse>.LoadAll(Directory))
            _jobs[job.Description.HyperParameterTuningJobName] = Recover(job);
    }

    public string Directory { get; }

    private DateTimeOffset Now => _options.Time.GetUtcNow();

    public CreateHyperParameterTuningJobResponse Create(CreateHyperParameterTuningJobRequest input)
    {
        ValidateName(input.HyperParameterTuningJobName);
        var config = input.HyperParameterTuningJobConfig;
        var violations = new List<string>();
        if (!HyperParameterTuningJobStrategyType.Values.Contains(config.Strategy))
            violations.Add(SageMakerErrors.Enum(config.Strategy, "hyperParameterTuningJobConfig.strategy", HyperParameterTuningJobStrategyType.Values));
        if (config.ResourceLimits.MaxParallelTrainingJobs < 1)
            violations.Add(SageMakerErrors.Range(config.ResourceLimits.MaxParallelTrainingJobs, "hyperParameterTuningJobConfig.resourceLimits.maxParallelTrainingJobs", 1, int.MaxValue));
        if (config.ResourceLimits.MaxNumberOfTrainingJobs is < 1)
            violations.Add(SageMakerErrors.Range(config.ResourceLimits.MaxNumberOfTrainingJobs.Value, "hyperParameterTuningJobConfig.resourceLimits.maxNumberOfTrainingJobs", 1, int.MaxValue));
        if (config.HyperParameterTuningJobObjective is { } objective && !HyperParameterTuningJobObjectiveType.Values.Contains(objective.Type))
            violations.Add(SageMakerErrors.Enum(objective.Type, "hyperParameterTuningJobConfig.hyperParameterTuningJobObjective.type", HyperParameterTuningJobObjectiveType.Values));
        if (violations.Count > 0) throw SageMakerErrors.Constraints(violations);

        if (input.TrainingJobDefinitions is { Count: > 0 })
            throw SageMakerErrors.NotServedLocally("TrainingJobDefinitions (several training job definitions; give one TrainingJobDefinition)");
        if (input.WarmStartConfig is not null)
            throw SageMakerErrors.NotServedLocally("WarmStartConfig");
        if (input.Autotune is not null)
            throw SageMakerErrors.NotServedLocally("Autotune");
        if (config.ParameterRanges?.AutoParameters is { Count: > 0 })
            throw SageMakerErrors.NotServedLocally("AutoParameters");
        var definition = input.TrainingJobDefinition
            ?? throw SageMakerErrors.Validation("Either TrainingJobDefinition or TrainingJobDefinitions must be specified.");
        var target = config.HyperParameterTuningJobObjective
            ?? throw SageMakerErrors.Validation("HyperParameterTuningJobObjective must be specified: the local SageMaker tunes against an objective metric.");
        if (definition.AlgorithmSpecification.TrainingImage is not { Length: > 0 } image)
            throw SageMakerErrors.NotServedLocally($"AlgorithmName ({definition.AlgorithmSpecification.AlgorithmName})");
        if (!(definition.AlgorithmSpecification.MetricDefinitions ?? []).Any(m => m.Name == target.MetricName))
            throw SageMakerErrors.Validation($"The objective metric for the hyperparameter tuning job, [{target.MetricName}], isn't valid for the [{image}] algorithm. Choose a valid objective metric (one of the MetricDefinitions: [{string.Join(", ", (definition.AlgorithmSpecification.MetricDefinitions ?? []).Select(m => m.Name))}]).");
        if (HyperParameterSampler.Validate(config.ParameterRanges, config.Strategy) is { } invalid)
            throw SageMakerErrors.Validation(invalid);
        var total = config.Strategy == HyperParameterTuningJobStrategyType.Grid
            ? Math.Min(HyperParameterSampler.GridSize(config.ParameterRanges), config.ResourceLimits.MaxNumberOfTrainingJobs ?? int.MaxValue)
            : config.ResourceLimits.MaxNumberOfTrainingJobs
              ?? throw SageMakerErrors.Validation($"ResourceLimits.MaxNumberOfTrainingJobs must be specified for the {config.Strategy} strategy.");
        if (total > 999)
            throw SageMakerErrors.Validation($"The tuning job would run {total} training jobs; the local SageMaker runs at most 999.");
        foreach (var name in (config.ParameterRanges?.IntegerParameterRanges ?? []).Select(r => r.Name)
                     .Concat((config.ParameterRanges?.ContinuousParameterRanges ?? []).Select(r => r.Name))
                     .Concat((config.ParameterRanges?.CategoricalParameterRanges ?? []).Select(r => r.Name)))
            if (definition.StaticHyperParameters?.ContainsKey(name) == true)
                throw SageMakerErrors.Validation($"The hyperparameter {name} is both static (StaticHyperParameters) and tuned (ParameterRanges).");
        try
        {
            _options.Images.Resolve(image);
        }
        catch (ImageNotFoundException e)
        {
            throw SageMakerErrors.ImageNotFound(image, e.Message);
        }

        var arn = SageMakerArns.TuningJob(_options.Region, _options.AccountId, input.HyperParameterTuningJobName);
        if (!new ExecutionRoleChecks(_options.ExecutionRoles, _options.Region, _options.AccountId).CanAssume(definition.RoleArn, arn))
            throw ExecutionRoleErrors.CannotAssume(definition.RoleArn);
        var now = Now;
        var note = config.Strategy is HyperParameterTuningJobStrategyType.Bayesian or HyperParameterTuningJobStrategyType.Hyperband
            ? $"Note: the local SageMaker runs the {config.Strategy} strategy as Random search (seeded); on SageMaker the same job explores differently."
            : null;
        var description = new DescribeHyperParameterTuningJobResponse
        {
            HyperParameterTuningJobName = input.HyperParameterTuningJobName,
            HyperParameterTuningJobArn = arn,
            HyperParameterTuningJobConfig = config,
            TrainingJobDefinition = definition,
            HyperParameterTuningJobStatus = HyperParameterTuningJobStatus.InProgress,
            CreationTime = now,
            LastModifiedTime = now,
            TrainingJobStatusCounters = Counters([]),
            ObjectiveStatusCounters = Objectives([]),
            FailureReason = note,
        };
        LocalJob<DescribeHyperParameterTuningJobResponse> job;
        lock (_creating)
        {
            if (_jobs.ContainsKey(input.HyperParameterTuningJobName))
                throw new SageMakerException(SageMakerErrorCodes.ResourceInUse, $"Hyperparameter tuning job names must be unique within an AWS account and region, and a tuning job with this name already exists ({arn})", 400);
            var folder = Path.Combine(Directory, input.HyperParameterTuningJobName);
            if (System.IO.Directory.Exists(folder)) System.IO.Directory.Delete(folder, recursive: true);
            System.IO.Directory.CreateDirectory(folder);
            job = new LocalJob<DescribeHyperParameterTuningJobResponse>(folder, description);
            job.Save();
            _jobs[input.HyperParameterTuningJobName] = job;
        }
        job.Run = Task.Run(() => RunAsync(job, (int)total, note), CancellationToken.None);
        return new CreateHyperParameterTuningJobResponse { HyperParameterTuningJobArn = arn };
    }

    public DescribeHyperParameterTuningJobResponse Describe(string name) => Find(name).Description;

    /// <summary>Stopping now: no new training jobs; the running ones are stopped; then Stopped.</summary>
    public void Stop(string name)
    {
        var job = Find(name);
        lock (job.StopGate)
        {
            var status = job.Description.HyperParameterTuningJobStatus;
            if (status == HyperParameterTuningJobStatus.Stopping) return;
            if (status != HyperParameterTuningJobStatus.InProgress)
                throw SageMakerErrors.Validation($"The request was rejected because the hyperparameter tuning job is in status {status}.");
            job.StopReason = "stopped";
            job.Update(d => d with { HyperParameterTuningJobStatus = HyperParameterTuningJobStatus.Stopping, LastModifiedTime = Now });
        }
        job.Stop.Cancel();
    }

    public async Task<DescribeHyperParameterTuningJobResponse> WaitAsync(string name, CancellationToken cancellationToken)
    {
        var job = Find(name);
        await job.Run.WaitAsync(cancellationToken).ConfigureAwait(false);
        return job.Description;
    }

    private static void ValidateName(string? name)
    {
        var violations = new List<string>();
        if (name is null)
            violations.Add(SageMakerErrors.Constraint(null, "hyperParameterTuningJobName", "Member must not be null"));
        else
        {
            if (name.Length > 32)
                violations.Add(SageMakerErrors.Constraint(name, "hyperParameterTuningJobName", "Member must have length less than or equal to 32"));
            if (!System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}$"))
                violations.Add(SageMakerErrors.Constraint(name, "hyperParameterTuningJobName", "Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}"));
        }
        if (violations.Count > 0) throw SageMakerErrors.Constraints(violations);
    }

    private LocalJob<DescribeHyperParameterTuningJobResponse> Find(string name)
    {
        ValidateName(name);
        return _jobs.TryGetValue(name, out var job) ? job
            : throw new SageMakerException(SageMakerErrorCodes.ResourceNotFound, $"Amazon SageMaker can't find a tuning job named {name}.", 400);
    }

    private async Task RunAsync(LocalJob<DescribeHyperParameterTuningJobResponse> job, int total, string? note)
    {
        await Task.Yield();
        var description = job.Description;
        var config = description.HyperParameterTuningJobConfig;
        var definition = description.TrainingJobDefinition!;
        var objective = config.HyperParameterTuningJobObjective!;
        var seed = config.RandomSeed ?? HyperParameterSampler.SeedOf(description.HyperParameterTuningJobName);
        var sampling = new Random(seed);
        var naming = new Random(unchecked(seed * 31 + 7));
        var summaries = new List<HyperParameterTrainingJobSummary>();
        var running = new Dictionary<string, Task<DescribeTrainingJobResponse>>(StringComparer.Ordinal);
        string? failure = null;
        var started = 0;
        var stopped = Task.Delay(Timeout.Infinite, job.Stop.Token);
        try
        {
            while (true)
            {
                var reachedTarget = config.TuningJobCompletionCriteria?.TargetObjectiveMetricValue is { } targetValue && Best(summaries, objective) is { } best &&
                    (objective.Type == HyperParameterTuningJobObjectiveType.Minimize ? best.FinalHyperParameterTuningJobObjectiveMetric!.Value <= targetValue : best.FinalHyperParameterTuningJobObjectiveMetric!.Value >= targetValue);
                while (!job.Stop.IsCancellationRequested && failure is null && !reachedTarget && running.Count < config.ResourceLimits.MaxParallelTrainingJobs && started < total)
                {
                    var tuned = config.Strategy == HyperParameterTuningJobStrategyType.Grid
                        ? HyperParameterSampler.Grid(config.ParameterRanges!, started)
                        : HyperParameterSampler.Random(config.ParameterRanges, sampling);
                    started++;
                    var name = $"{description.HyperParameterTuningJobName}-{started:000}-{(uint)naming.Next():x8}";
                    var hyperparameters = new Dictionary<string, string>(definition.StaticHyperParameters ?? new Dictionary<string, string>(), StringComparer.Ordinal);
                    foreach (var (key, value) in tuned) hyperparameters[key] = value;
                    hyperparameters[TuningObjectiveHyperParameter] = objective.MetricName;
                    try
                    {
                        await _sageMaker.CreateTrainingJobAsync(Request(definition, name, hyperparameters), description.HyperParameterTuningJobArn, _shutdown).ConfigureAwait(false);
                    }
                    catch (SageMakerException e)
                    {
                        failure = $"The training job {name} could not be created: {e.ErrorCode}: {e.Message}";
                        break;
                    }
                    summaries.Add(new HyperParameterTrainingJobSummary
                    {
                        TrainingJobName = name,
                        TrainingJobArn = SageMakerArns.TrainingJob(_options.Region, _options.AccountId, name),
                        TuningJobName = description.HyperParameterTuningJobName,
                        CreationTime = Now,
                        TrainingJobStatus = TrainingJobStatus.InProgress,
                        TunedHyperParameters = tuned,
                        ObjectiveStatus = ObjectiveStatus.Pending,
                    });
                    running[name] = _sageMaker.WaitForTrainingJobAsync(name, _shutdown);
                    Publish(job, summaries, objective);
                }
                if (running.Count == 0) break;

                var done = await Task.WhenAny(running.Values.Append(stopped)).ConfigureAwait(false);
                if (done == stopped)
                {
                    foreach (var name in running.Keys)
                        try
                        {
                            await _sageMaker.StopTrainingJobAsync(new StopTrainingJobRequest { TrainingJobName = name }, _shutdown).ConfigureAwait(false);
                        }
                        catch (SageMakerException)
                        {
                            // Ended meanwhile.
                        }
                    await Task.WhenAll(running.Values).ConfigureAwait(false);
                }
                foreach (var (name, wait) in running.Where(r => r.Value.IsCompleted).ToList())
                {
                    running.Remove(name);
                    var trained = await wait.ConfigureAwait(false);
                    var index = summaries.FindIndex(s => s.TrainingJobName == name);
                    summaries[index] = Summarize(summaries[index], trained, objective);
                }
                Publish(job, summaries, objective);
            }

            var succeeded = summaries.Any(s => s.ObjectiveStatus == ObjectiveStatus.Succeeded);
            var end = Now;
            job.Update(d => d with
            {
                HyperParameterTuningJobStatus = job.Stop.IsCancellationRequested ? HyperParameterTuningJobStatus.Stopped
                    : failure is null && succeeded ? HyperParameterTuningJobStatus.Completed : HyperParameterTuningJobStatus.Failed,
                FailureReason = Join(job.Stop.IsCancellationRequested ? null
                    : failure ?? (succeeded ? null : $"All training jobs failed or reported no value of the objective metric {objective.MetricName}. " +
                        (summaries.FirstOrDefault(s => s.FailureReason is not null) is { } first ? $"{first.TrainingJobName}: {first.FailureReason}" : "See the training jobs' logs.")), note),
                HyperParameterTuningEndTime = end,
                LastModifiedTime = end,
                ConsumedResources = new HyperParameterTuningJobConsumedResources { RuntimeInSeconds = (int)Math.Ceiling((end - d.CreationTime).TotalSeconds) },
            });
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            // Closing: the record stays InProgress and the next open marks it Failed (its training jobs fail likewise).
        }
        catch (Exception e)
        {
            job.Update(d => d with
            {
                HyperParameterTuningJobStatus = HyperParameterTuningJobStatus.Failed,
                FailureReason = Join($"InternalServerError: {e.Message}", note),
                HyperParameterTuningEndTime = Now,
                LastModifiedTime = Now,
            });
        }
    }

    private static string? Join(string? reason, string? note) =>
        reason is null ? note : note is null ? reason : $"{reason} ({note})";

    private static CreateTrainingJobRequest Request(HyperParameterTrainingJobDefinition definition, string name, Dictionary<string, string> hyperparameters) => new()
    {
        TrainingJobName = name,
        RoleArn = definition.RoleArn,
        AlgorithmSpecification = new AlgorithmSpecification
        {
            TrainingImage = definition.AlgorithmSpecification.TrainingImage,
            TrainingInputMode = definition.AlgorithmSpecification.TrainingInputMode,
            MetricDefinitions = definition.AlgorithmSpecification.MetricDefinitions,
        },
        HyperParameters = hyperparameters,
        InputDataConfig = definition.InputDataConfig,
        OutputDataConfig = definition.OutputDataConfig,
        ResourceConfig = definition.ResourceConfig ?? new ResourceConfig { InstanceType = "ml.m5.large", InstanceCount = 1, VolumeSizeInGB = 1 },
        StoppingCondition = definition.StoppingCondition,
        VpcConfig = definition.VpcConfig,
        EnableNetworkIsolation = definition.EnableNetworkIsolation,
        EnableInterContainerTrafficEncryption = definition.EnableInterContainerTrafficEncryption,
        EnableManagedSpotTraining = definition.EnableManagedSpotTraining,
        CheckpointConfig = definition.CheckpointConfig,
        RetryStrategy = definition.RetryStrategy,
        Environment = definition.Environment,
    };

    private static HyperParameterTrainingJobSummary Summarize(HyperParameterTrainingJobSummary summary, DescribeTrainingJobResponse trained, HyperParameterTuningJobObjective objective)
    {
        var metric = trained.FinalMetricDataList?.FirstOrDefault(m => m.MetricName == objective.MetricName && m.Value is not null);
        var succeeded = metric is not null && trained.TrainingJobStatus is TrainingJobStatus.Completed or TrainingJobStatus.Stopped;
        return summary with
        {
            TrainingJobStatus = trained.TrainingJobStatus,
            TrainingStartTime = trained.TrainingStartTime,
            TrainingEndTime = trained.TrainingEndTime,
            FailureReason = trained.FailureReason ?? (trained.TrainingJobStatus == TrainingJobStatus.Completed && metric is null
                ? $"The training job reported no value of the objective metric {objective.MetricName} (no log line matched its MetricDefinition)."
                : null),
            ObjectiveStatus = succeeded ? ObjectiveStatus.Succeeded : ObjectiveStatus.Failed,
            FinalHyperParameterTuningJobObjectiveMetric = succeeded
                ? new FinalHyperParameterTuningJobObjectiveMetric { Type = objective.Type, MetricName = objective.MetricName, Value = metric!.Value!.Value }
                : null,
        };
    }

    private static HyperParameterTrainingJobSummary? Best(IEnumerable<HyperParameterTrainingJobSummary> summaries, HyperParameterTuningJobObjective objective)
    {
        var scored = summaries.Where(s => s.FinalHyperParameterTuningJobObjectiveMetric is not null).ToList();
        if (scored.Count == 0) return null;
        return objective.Type == HyperParameterTuningJobObjectiveType.Minimize
            ? scored.MinBy(s => s.FinalHyperParameterTuningJobObjectiveMetric!.Value)
            : scored.MaxBy(s => s.FinalHyperParameterTuningJobObjectiveMetric!.Value);
    }

    private void Publish(LocalJob<DescribeHyperParameterTuningJobResponse> job, List<HyperParameterTrainingJobSummary> summaries, HyperParameterTuningJobObjective objective)
    {
        var best = Best(summaries, objective);
        job.Update(d => d with
        {
            TrainingJobStatusCounters = Counters(summaries),
            ObjectiveStatusCounters = Objectives(summaries),
            BestTrainingJob = best,
            OverallBestTrainingJob = best,
            LastModifiedTime = Now,
        });
    }

    private static TrainingJobStatusCounters Counters(IReadOnlyCollection<HyperParameterTrainingJobSummary> summaries) => new()
    {
        Completed = summaries.Count(s => s.TrainingJobStatus == TrainingJobStatus.Completed),
        InProgress = summaries.Count(s => s.TrainingJobStatus is TrainingJobStatus.InProgress or TrainingJobStatus.Stopping),
        RetryableError = 0,
        NonRetryableError = summaries.Count(s => s.TrainingJobStatus == TrainingJobStatus.Failed),
        Stopped = summaries.Count(s => s.TrainingJobStatus == TrainingJobStatus.Stopped),
    };

    private static ObjectiveStatusCounters Objectives(IReadOnlyCollection<HyperParameterTrainingJobSummary> summaries) => new()
    {
        Succeeded = summaries.Count(s => s.ObjectiveStatus == ObjectiveStatus.Succeeded),
        Pending = summaries.Count(s => s.ObjectiveStatus == ObjectiveStatus.Pending),
        Failed = summaries.Count(s => s.ObjectiveStatus == ObjectiveStatus.Failed),
    };

    private LocalJob<DescribeHyperParameterTuningJobResponse> Recover(LocalJob<DescribeHyperParameterTuningJobResponse> job)
    {
        if (job.Description.HyperParameterTuningJobStatus is not (HyperParameterTuningJobStatus.InProgress or HyperParameterTuningJobStatus.Stopping)) return job;
        job.Update(d => d with
        {
            HyperParameterTuningJobStatus = HyperParameterTuningJobStatus.Failed,
            FailureReason = "InternalServerError: The local cloud restarted while this tuning job was running, and its training jobs were lost. Start a new tuning job (a new name) to tune again.",
            HyperParameterTuningEndTime = Now,
            LastModifiedTime = Now,
        });
        return job;
    }

    public async ValueTask DisposeAsync()
    {
        await LocalJob<DescribeHyperParameterTuningJobResponse>.WaitForRunsAsync(_jobs.Values, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
    }
}
