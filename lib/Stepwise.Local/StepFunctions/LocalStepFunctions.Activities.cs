using Stepwise.Aws.StepFunctions;
using Stepwise.Local.StepFunctions.Store;

namespace Stepwise.Local.StepFunctions;

/// <summary>Activities: <c>arn:aws:states:…:activity:name</c>, work that Task states schedule and workers take with
/// GetActivityTask and finish with SendTaskSuccess / SendTaskFailure (SendTaskHeartbeat while they work).</summary>
public sealed partial class LocalStepFunctions
{
    /// <summary>GetActivityTask waits up to 60 seconds for a task, as AWS's long poll does.</summary>
    private static readonly TimeSpan ActivityPoll = TimeSpan.FromSeconds(60);

    /// <summary>The activity tasks waiting for a worker, and the workers waiting for a task.</summary>
    public Integrations.ActivityTasks Activities { get; }

    public async Task<CreateActivityOutput> CreateActivityAsync(CreateActivityInput input, CancellationToken cancellationToken = default)
    {
        Names.Check(input.Name, "name");
        var arn = $"arn:aws:states:{_options.Region}:{_options.Account}:activity:{input.Name}";
        // Idempotent by name: AWS returns the activity that exists and leaves its tags as they are.
        if (_store.GetActivity(arn) is { } existing) return new CreateActivityOutput { ActivityArn = arn, CreationDate = existing.CreationDate };
        if (input.Tags is { Count: > 50 }) throw StepFunctionsException.TooManyTags(arn);
        var now = _options.Clock.UtcNow;
        await _store.PutActivityAsync(new ActivityRecord(arn, input.Name, now), cancellationToken).ConfigureAwait(false);
        if (input.Tags is { Count: > 0 } tags) await TagResourceAsync(new TagResourceInput { ResourceArn = arn, Tags = tags }, cancellationToken).ConfigureAwait(false);
        return new CreateActivityOutput { ActivityArn = arn, CreationDate = now };
    }

    public Task<DescribeActivityOutput> DescribeActivityAsync(DescribeActivityInput input, CancellationToken cancellationToken = default)
    {
        var activity = RequireActivity(input.ActivityArn);
        return Task.FromResult(new DescribeActivityOutput { ActivityArn = activity.Arn, Name = activity.Name, CreationDate = activity.CreationDate });
    }

    public async Task<DeleteActivityOutput> DeleteActivityAsync(DeleteActivityInput input, CancellationToken cancellationToken = default)
    {
        Arns.CheckActivity(input.ActivityArn);
        if (_store.GetActivity(input.ActivityArn) is not null) await _store.DeleteActivityAsync(input.ActivityArn, cancellationToken).ConfigureAwait(false);
        return new DeleteActivityOutput();
    }

    public Task<ListActivitiesOutput> ListActivitiesAsync(ListActivitiesInput input, CancellationToken cancellationToken = default)
    {
        var (offset, limit) = Paging.Window(input.NextToken, input.MaxResults);
        var all = _store.ListActivities();
        return Task.FromResult(new ListActivitiesOutput
        {
            Activities = [.. all.Skip(offset).Take(limit).Select(a => new ActivityListItem { ActivityArn = a.Arn, Name = a.Name, CreationDate = a.CreationDate })],
            NextToken = offset + limit < all.Count ? Paging.Token(offset + limit) : null,
        });
    }

    /// <summary>Hands the next task of the activity to the worker, waiting up to 60 seconds; an empty answer when none came.</summary>
    public async Task<GetActivityTaskOutput> GetActivityTaskAsync(GetActivityTaskInput input, CancellationToken cancellationToken = default)
    {
        if (input.WorkerName is { Length: > 80 })
            throw StepFunctionsException.Validation([$"Value '{input.WorkerName}' at 'workerName' failed to satisfy constraint: Member must have length less than or equal to 80"]);
        RequireActivity(input.ActivityArn);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _shutdown.Token);
        var task = await Activities.PollAsync(input.ActivityArn, ActivityPoll, _options.Clock, stopping.Token).ConfigureAwait(false);
        if (task is null) return new GetActivityTaskOutput();
        task.Start(input.WorkerName);
        return new GetActivityTaskOutput { TaskToken = task.Pending.Token, Input = task.Input };
    }

    private ActivityRecord RequireActivity(string arn)
    {
        Arns.CheckActivity(arn);
        return _store.GetActivity(arn) ?? throw new StepFunctionsException(StepFunctionsErrorCodes.ActivityDoesNotExist, $"Activity Does Not Exist: '{arn}'");
    }
}
