using Stepwise.Aws.SageMaker;

namespace Stepwise.Local.SageMaker;

/// <summary>SecondaryStatus changes as SageMaker records them: the open transition ends when the next starts; a final
/// one (Completed, Failed, Stopped, MaxRuntimeExceeded) starts and ends at once.</summary>
internal static class StatusTransitions
{
    private static readonly HashSet<string> Final =
        [SecondaryStatus.Completed, SecondaryStatus.Failed, SecondaryStatus.Stopped, SecondaryStatus.MaxRuntimeExceeded];

    public static DescribeTrainingJobResponse Enter(this DescribeTrainingJobResponse job, string status, string message, DateTimeOffset now)
    {
        var transitions = (job.SecondaryStatusTransitions ?? []).ToList();
        if (transitions.Count > 0 && transitions[^1].EndTime is null)
            transitions[^1] = transitions[^1] with { EndTime = now };
        transitions.Add(new SecondaryStatusTransition
        {
            Status = status,
            StartTime = now,
            EndTime = Final.Contains(status) ? now : null,
            StatusMessage = message,
        });
        return job with { SecondaryStatus = status, SecondaryStatusTransitions = transitions, LastModifiedTime = now };
    }

    /// <summary>The job ended: its status, end time and the time it was billed for (whole seconds, at least one).</summary>
    public static DescribeTrainingJobResponse End(this DescribeTrainingJobResponse job, string status, string secondary, string message, DateTimeOffset now, string? failureReason = null)
    {
        var ended = job.Enter(secondary, message, now);
        var seconds = job.TrainingStartTime is { } start ? Math.Max(1, (int)Math.Ceiling((now - start).TotalSeconds)) : (int?)null;
        return ended with
        {
            TrainingJobStatus = status,
            TrainingEndTime = now,
            FailureReason = failureReason ?? job.FailureReason,
            TrainingTimeInSeconds = seconds,
            BillableTimeInSeconds = seconds,
        };
    }
}
