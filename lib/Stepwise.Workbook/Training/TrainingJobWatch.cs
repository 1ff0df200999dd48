using Stepwise.Aws.Logs;
using Stepwise.Aws.Protocol;
using Stepwise.Aws.SageMaker;
using Stepwise.Interactive.Charts;
using MetricDefinition = Stepwise.Workflows.SageMaker.MetricDefinition;

namespace Stepwise.Workbook.Training;

/// <summary>How <see cref="TrainingJobWatch"/> polls.</summary>
public sealed record TrainingJobWatchOptions
{
    /// <summary>Time between two looks at the job and its log; 1 s when null.</summary>
    public TimeSpan? Interval { get; init; }

    /// <summary>The regexes that read metrics out of the log (the job's own <c>MetricDefinitions</c> when null, once it exists).</summary>
    public IReadOnlyList<MetricDefinition>? MetricDefinitions { get; init; }

    /// <summary>When this task has ended and the job still does not exist, the watch ends (e.g. the execution that was to
    /// create the job failed before it); null waits for the job as long as the token allows.</summary>
    public Task? StopWaitingWhen { get; init; }

    /// <summary>How many of the last log lines the view keeps.</summary>
    public int LogLines { get; init; } = 8;

    /// <summary>The clock polling waits on.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>Watches a SageMaker training job while it runs — its status and secondary status, the metrics its log
/// prints, the last log lines — through the SageMaker and CloudWatch Logs ports, so it reads the same on the local cloud
/// and on AWS.</summary>
public static class TrainingJobWatch
{
    /// <summary>The CloudWatch Logs group SageMaker writes training jobs' logs to.</summary>
    public const string LogGroup = "/aws/sagemaker/TrainingJobs";

    /// <summary>Calls <paramref name="update"/> with a new view whenever something changed, until the job ends (or
    /// <see cref="TrainingJobWatchOptions.StopWaitingWhen"/> ended before the job was created). Returns the last view.</summary>
    public static Task<TrainingJobView> WatchTrainingJobAsync(this ICloud cloud, string jobName, Action<TrainingJobView> update,
        TrainingJobWatchOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        return WatchAsync(cloud.SageMaker, cloud.Logs, jobName, update, options, cancellationToken);
    }

    /// <summary>As <see cref="WatchTrainingJobAsync"/>, over the two ports themselves.</summary>
    public static async Task<TrainingJobView> WatchAsync(ISageMaker sageMaker, ILogs logs, string jobName, Action<TrainingJobView> update,
        TrainingJobWatchOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sageMaker);
        ArgumentNullException.ThrowIfNull(logs);
        ArgumentException.ThrowIfNullOrEmpty(jobName);
        ArgumentNullException.ThrowIfNull(update);
        options ??= new TrainingJobWatchOptions();
        var log = new LogFollower(logs, jobName);
        LogMetricReader? metrics = options.MetricDefinitions is { } given ? new LogMetricReader(given.Select(d => (d.Name, d.Regex))) : null;
        var tail = new Queue<string>();
        TrainingJobView? last = null;
        while (true)
        {
            var job = await DescribeAsync(sageMaker, jobName, cancellationToken).ConfigureAwait(false);
            if (job is not null)
            {
                metrics ??= new LogMetricReader((job.AlgorithmSpecification?.MetricDefinitions ?? []).Select(d => (d.Name, d.Regex)));
                foreach (var line in await log.ReadNewAsync(cancellationToken).ConfigureAwait(false))
                {
                    metrics.Read(line.Message);
                    tail.Enqueue(line.Message);
                    while (tail.Count > options.LogLines) tail.Dequeue();
                }
            }
            var view = new TrainingJobView(jobName, job, metrics?.Series() ?? [], tail.ToArray());
            if (last is null || view.Html != last.Html) update(view);
            last = view;
            if (view.HasEnded)
                return view;
            if (job is null && options.StopWaitingWhen is { IsCompleted: true })
                return view with { NeverCreated = true };
            await Task.Delay(options.Interval ?? TimeSpan.FromSeconds(1), options.Time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<DescribeTrainingJobResponse?> DescribeAsync(ISageMaker sageMaker, string jobName, CancellationToken cancellationToken)
    {
        try
        {
            return await sageMaker.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = jobName }, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode is "ValidationException" or "ResourceNotFound")
        {
            // SageMaker answers "Requested resource not found." for a job that does not exist (yet).
            return null;
        }
    }

    /// <summary>Reads a job's log streams (<c>{job}/algo-1-…</c>) incrementally: each event once, in time order.</summary>
    private sealed class LogFollower(ILogs logs, string jobName)
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private long? _since;

        public async Task<IReadOnlyList<(string Message, DateTimeOffset Timestamp)>> ReadNewAsync(CancellationToken cancellationToken)
        {
            var lines = new List<(string, DateTimeOffset)>();
            string? token = null;
            do
            {
                FilterLogEventsResponse page;
                try
                {
                    page = await logs.FilterLogEventsAsync(new FilterLogEventsRequest
                    {
                        LogGroupName = LogGroup,
                        LogStreamNamePrefix = jobName + "/",
                        StartTime = _since,
                        NextToken = token,
                    }, cancellationToken).ConfigureAwait(false);
                }
                catch (AwsServiceException e) when (e.ErrorCode == "ResourceNotFoundException")
                {
                    return lines; // the group appears with the job's first log line
                }
                foreach (var e in page.Events ?? [])
                {
                    if (e.Message is null || e.EventId is null || !_seen.Add(e.EventId))
                        continue;
                    var at = DateTimeOffset.FromUnixTimeMilliseconds(e.Timestamp ?? 0);
                    lines.Add((e.Message.TrimEnd('\r', '\n'), at));
                    // Restart from the newest time seen: events of that same millisecond are skipped by their ids.
                    if (_since is null || e.Timestamp > _since) _since = e.Timestamp;
                }
                token = page.NextToken;
            }
            while (token is not null);
            return lines;
        }
    }
}
