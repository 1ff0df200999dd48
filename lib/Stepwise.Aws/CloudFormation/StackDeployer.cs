using System.Globalization;

namespace Stepwise.Aws.CloudFormation;

/// <summary>What to deploy: a stack's template and the parameters to set. Parameters the template declares but the
/// request leaves out keep the stack's previous values (<c>UsePreviousValue</c>), as <c>aws cloudformation deploy</c> does.</summary>
public sealed record StackDeploymentRequest(string StackName, string TemplateBody)
{
    /// <summary>Parameter values to set.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>The capabilities acknowledged (a template naming IAM resources needs <c>CAPABILITY_NAMED_IAM</c>).</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [Capability.CapabilityNamedIam];

    /// <summary>Tags of the stack (CloudFormation propagates them to the resources that take tags).</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}

/// <summary>How a deployment ended: the stack was created, updated, or already matched the template.</summary>
public sealed record StackDeploymentResult(
    string StackName,
    string StackId,
    StackDeploymentAction Action,
    string StackStatus,
    IReadOnlyList<ResourceChange> Changes,
    IReadOnlyDictionary<string, string> Outputs)
{
    public override string ToString() => Action switch
    {
        StackDeploymentAction.Unchanged => $"Stack {StackName}: unchanged ({StackStatus}).",
        _ => $"Stack {StackName}: {Action.ToString().ToLowerInvariant()}, {Changes.Count} resource change(s) ({StackStatus}).",
    };
}

/// <summary>What a deployment did to the stack.</summary>
public enum StackDeploymentAction
{
    Created,
    Updated,
    Unchanged,
}

/// <summary>A deployment or deletion that CloudFormation did not complete: the stack's final status and the reasons of
/// the resources that failed, in the order they failed.</summary>
public sealed class StackDeploymentException(string stackName, string status, IReadOnlyList<string> reasons, string message)
    : Exception(message)
{
    public string StackName { get; } = stackName;

    /// <summary>The stack's status when the deployer gave up (for example <c>ROLLBACK_COMPLETE</c>).</summary>
    public string StackStatus { get; } = status;

    /// <summary><c>LogicalId (Type): reason</c> of each failed resource.</summary>
    public IReadOnlyList<string> Reasons { get; } = reasons;
}

/// <summary>Deploys a template as <c>aws cloudformation deploy</c> does — a change set (CREATE for a new stack, UPDATE
/// otherwise), its changes listed, executed, and the stack's events followed until it settles — and deletes stacks.
/// Progress goes to the log, one line per stack event.</summary>
public sealed class StackDeployer
{
    private readonly ICloudFormation _cloudFormation;
    private readonly TimeProvider _time;
    private readonly TimeSpan _poll;
    private readonly TimeSpan _timeout;

    /// <param name="cloudFormation">The CloudFormation port (<see cref="AwsClients.CloudFormation"/>).</param>
    /// <param name="poll">Between two looks at a change set or stack (default 5 s, as the AWS CLI's waiters).</param>
    /// <param name="timeout">How long a change set or stack may take to settle (default 1 hour).</param>
    /// <param name="time">The clock of the waits.</param>
    public StackDeployer(ICloudFormation cloudFormation, TimeSpan? poll = null, TimeSpan? timeout = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(cloudFormation);
        _cloudFormation = cloudFormation;
        _poll = poll ?? TimeSpan.FromSeconds(5);
        _timeout = timeout ?? TimeSpan.FromHours(1);
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The stack, or null when there is none of that name.</summary>
    public async Task<CloudFormationStack?> FindAsync(string stackName, CancellationToken cancellationToken = default)
    {
        try
        {
            var described = await _cloudFormation.DescribeStacksAsync(new DescribeStacksInput { StackName = stackName }, cancellationToken).ConfigureAwait(false);
            return described.Stacks?.FirstOrDefault(s => s.StackStatus != StackStatus.DeleteComplete);
        }
        catch (CloudFormationException e) when (IsMissingStack(e))
        {
            return null;
        }
    }

    /// <summary>Creates or updates the stack to the template; returns once it is <c>CREATE_COMPLETE</c> or
    /// <c>UPDATE_COMPLETE</c> (or the change set has no changes), and throws <see cref="StackDeploymentException"/> with
    /// CloudFormation's reasons otherwise.</summary>
    public async Task<StackDeploymentResult> DeployAsync(StackDeploymentRequest request, TextWriter? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        log ??= TextWriter.Null;
        var existing = await FindAsync(request.StackName, cancellationToken).ConfigureAwait(false);
        if (existing is null)
            return await CreateAsync(request, log, cancellationToken).ConfigureAwait(false);
        RefuseUnchangeable(existing);
        // A stack in REVIEW_IN_PROGRESS holds only a change set that was never executed: it is created, not updated.
        var creating = existing.StackStatus == StackStatus.ReviewInProgress;

        var changeSetName = "stepwise-" + _time.GetUtcNow().ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture);
        CreateChangeSetOutput created;
        try
        {
            created = await _cloudFormation.CreateChangeSetAsync(new CreateChangeSetInput
            {
                StackName = request.StackName,
                ChangeSetName = changeSetName,
                ChangeSetType = creating ? ChangeSetType.Create : ChangeSetType.Update,
                TemplateBody = request.TemplateBody,
                Parameters = Parameters(request, creating ? null : existing),
                Capabilities = request.Capabilities,
                Tags = Tags(request),
                Description = "stepwise environment deploy",
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (CloudFormationException e) when (e.ErrorCode == "ValidationError" && IsNoChanges(e.Message))
        {
            // Some implementations refuse the change set itself instead of failing it.
            return Unchanged(existing, log);
        }
        var changeSetId = created.Id ?? changeSetName;
        log.WriteLine($"Change set {changeSetName} ({(creating ? "CREATE" : "UPDATE")}) for stack {request.StackName} …");

        var changeSet = await WaitForChangeSetAsync(changeSetId, request.StackName, cancellationToken).ConfigureAwait(false);
        var changes = (changeSet.Changes ?? []).Select(c => c.ResourceChange).OfType<ResourceChange>().ToList();
        if (changeSet.Status == ChangeSetStatus.Failed)
        {
            if (!IsNoChanges(changeSet.StatusReason))
                throw new StackDeploymentException(request.StackName, existing.StackStatus, [changeSet.StatusReason ?? ""],
                    $"CloudFormation could not create change set {changeSetName} for stack {request.StackName}: {changeSet.StatusReason}");
            await _cloudFormation.DeleteChangeSetAsync(new DeleteChangeSetInput { ChangeSetName = changeSetId, StackName = request.StackName }, cancellationToken).ConfigureAwait(false);
            return Unchanged(existing, log);
        }
        foreach (var change in changes)
            log.WriteLine($"  {change.Action,-7} {change.LogicalResourceId} ({change.ResourceType}){(change.Replacement == "True" ? " — replaced" : "")}");

        var seen = await EventIdsAsync(changeSet.StackId ?? request.StackName, cancellationToken).ConfigureAwait(false);
        await _cloudFormation.ExecuteChangeSetAsync(new ExecuteChangeSetInput { ChangeSetName = changeSetId, StackName = request.StackName }, cancellationToken).ConfigureAwait(false);
        var stack = await FollowAsync(changeSet.StackId ?? request.StackName, seen, log, cancellationToken).ConfigureAwait(false);
        var expected = creating ? StackStatus.CreateComplete : StackStatus.UpdateComplete;
        if (stack.StackStatus != expected)
            throw await FailureAsync(stack, seen, creating ? "creation" : "update", cancellationToken).ConfigureAwait(false);
        return new StackDeploymentResult(request.StackName, stack.StackId ?? request.StackName,
            creating ? StackDeploymentAction.Created : StackDeploymentAction.Updated, stack.StackStatus, changes, Outputs(stack));
    }

    /// <summary>A new stack: CreateStack, rolled back and deleted if any resource fails (resources with a Retain policy
    /// that this creation made are deleted too, <c>RetainExceptOnCreate</c>), so a failed first deployment leaves
    /// nothing to clean up before the next.</summary>
    private async Task<StackDeploymentResult> CreateAsync(StackDeploymentRequest request, TextWriter log, CancellationToken cancellationToken)
    {
        var created = await _cloudFormation.CreateStackAsync(new CreateStackInput
        {
            StackName = request.StackName,
            TemplateBody = request.TemplateBody,
            Parameters = Parameters(request, null),
            Capabilities = request.Capabilities,
            Tags = Tags(request),
            OnFailure = OnFailure.Delete,
            RetainExceptOnCreate = true,
        }, cancellationToken).ConfigureAwait(false);
        var id = created.StackId ?? request.StackName;
        log.WriteLine($"Creating stack {request.StackName} …");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = await FollowAsync(id, seen, log, cancellationToken).ConfigureAwait(false);
        if (stack.StackStatus != StackStatus.CreateComplete)
            throw await FailureAsync(stack, [], "creation", cancellationToken).ConfigureAwait(false);
        return new StackDeploymentResult(request.StackName, stack.StackId ?? id, StackDeploymentAction.Created, stack.StackStatus, [], Outputs(stack));
    }

    /// <summary>Deletes the stack and waits until it is gone. Returns false when there was no such stack.</summary>
    public async Task<bool> DeleteAsync(string stackName, TextWriter? log = null, CancellationToken cancellationToken = default)
    {
        log ??= TextWriter.Null;
        var existing = await FindAsync(stackName, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            log.WriteLine($"Stack {stackName}: already gone.");
            return false;
        }
        var id = existing.StackId ?? stackName;
        var seen = await EventIdsAsync(id, cancellationToken).ConfigureAwait(false);
        await _cloudFormation.DeleteStackAsync(new DeleteStackInput { StackName = id }, cancellationToken).ConfigureAwait(false);
        log.WriteLine($"Deleting stack {stackName} …");
        var stack = await FollowAsync(id, seen, log, cancellationToken).ConfigureAwait(false);
        if (stack.StackStatus != StackStatus.DeleteComplete)
            throw await FailureAsync(stack, seen, "deletion", cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static StackDeploymentResult Unchanged(CloudFormationStack stack, TextWriter log)
    {
        log.WriteLine($"No changes: stack {stack.StackName} already matches the template.");
        return new StackDeploymentResult(stack.StackName, stack.StackId ?? stack.StackName, StackDeploymentAction.Unchanged, stack.StackStatus, [], Outputs(stack));
    }

    private static void RefuseUnchangeable(CloudFormationStack stack)
    {
        if (stack.StackStatus == StackStatus.RollbackComplete)
            throw new StackDeploymentException(stack.StackName, stack.StackStatus, [],
                $"Stack {stack.StackName} is in ROLLBACK_COMPLETE (its creation failed and was rolled back) and cannot be updated: delete it first " +
                "(`stepwise environment delete`), then deploy again.");
        if (stack.StackStatus == StackStatus.UpdateRollbackFailed)
            throw new StackDeploymentException(stack.StackName, stack.StackStatus, [],
                $"Stack {stack.StackName} is UPDATE_ROLLBACK_FAILED: continue its rollback first (`aws cloudformation continue-update-rollback " +
                $"--stack-name {stack.StackName}`, or the console), then deploy again.");
        if (stack.StackStatus.EndsWith("_IN_PROGRESS", StringComparison.Ordinal) && stack.StackStatus != StackStatus.ReviewInProgress)
            throw new StackDeploymentException(stack.StackName, stack.StackStatus, [],
                $"Stack {stack.StackName} is {stack.StackStatus}: wait until CloudFormation finishes that operation, then deploy again.");
    }

    private static List<Tag>? Tags(StackDeploymentRequest request) =>
        request.Tags.Count == 0 ? null : request.Tags.Select(t => new Tag { Key = t.Key, Value = t.Value }).ToList();

    private static List<Parameter>? Parameters(StackDeploymentRequest request, CloudFormationStack? existing)
    {
        var parameters = request.Parameters.Select(p => new Parameter { ParameterKey = p.Key, ParameterValue = p.Value }).ToList();
        foreach (var previous in existing?.Parameters ?? [])
            if (previous.ParameterKey is { } key && !request.Parameters.ContainsKey(key))
                parameters.Add(new Parameter { ParameterKey = key, UsePreviousValue = true });
        return parameters.Count == 0 ? null : parameters;
    }

    private async Task<DescribeChangeSetOutput> WaitForChangeSetAsync(string changeSetId, string stackName, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + _timeout;
        while (true)
        {
            var changeSet = await _cloudFormation.DescribeChangeSetAsync(new DescribeChangeSetInput { ChangeSetName = changeSetId, StackName = stackName }, cancellationToken).ConfigureAwait(false);
            if (changeSet.Status is ChangeSetStatus.CreateComplete or ChangeSetStatus.Failed)
                return await AllChangesAsync(changeSet, changeSetId, stackName, cancellationToken).ConfigureAwait(false);
            if (_time.GetUtcNow() > deadline)
                throw new TimeoutException($"Change set {changeSetId} of stack {stackName} is still {changeSet.Status} after {_timeout}.");
            await Task.Delay(_poll, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<DescribeChangeSetOutput> AllChangesAsync(DescribeChangeSetOutput first, string changeSetId, string stackName, CancellationToken cancellationToken)
    {
        var changes = new List<Change>(first.Changes ?? []);
        var next = first.NextToken;
        while (!string.IsNullOrEmpty(next))
        {
            var page = await _cloudFormation.DescribeChangeSetAsync(new DescribeChangeSetInput { ChangeSetName = changeSetId, StackName = stackName, NextToken = next }, cancellationToken).ConfigureAwait(false);
            changes.AddRange(page.Changes ?? []);
            next = page.NextToken;
        }
        return first with { Changes = changes, NextToken = null };
    }

    /// <summary>Polls the stack until its status no longer ends in <c>_IN_PROGRESS</c>, writing each new event.</summary>
    private async Task<CloudFormationStack> FollowAsync(string stackId, HashSet<string> seen, TextWriter log, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + _timeout;
        while (true)
        {
            await WriteNewEventsAsync(stackId, seen, log, cancellationToken).ConfigureAwait(false);
            var described = await _cloudFormation.DescribeStacksAsync(new DescribeStacksInput { StackName = stackId }, cancellationToken).ConfigureAwait(false);
            var stack = described.Stacks?.FirstOrDefault() ?? throw new InvalidOperationException($"DescribeStacks returned no stack for {stackId}.");
            if (!stack.StackStatus.EndsWith("_IN_PROGRESS", StringComparison.Ordinal))
            {
                await WriteNewEventsAsync(stackId, seen, log, cancellationToken).ConfigureAwait(false);
                return stack;
            }
            if (_time.GetUtcNow() > deadline)
                throw new TimeoutException($"Stack {stack.StackName} is still {stack.StackStatus} after {_timeout}.");
            await Task.Delay(_poll, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteNewEventsAsync(string stackId, HashSet<string> seen, TextWriter log, CancellationToken cancellationToken)
    {
        foreach (var e in await NewEventsAsync(stackId, seen, cancellationToken).ConfigureAwait(false))
            log.WriteLine($"  {e.Timestamp.UtcDateTime:HH:mm:ss}  {e.ResourceStatus,-20} {e.ResourceType,-28} {e.LogicalResourceId}" +
                          (string.IsNullOrEmpty(e.ResourceStatusReason) ? "" : $"  {e.ResourceStatusReason}"));
    }

    private async Task<HashSet<string>> EventIdsAsync(string stackId, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await NewEventsAsync(stackId, seen, cancellationToken).ConfigureAwait(false);
        return seen;
    }

    /// <summary>The stack's events not seen yet, oldest first (DescribeStackEvents pages newest first; paging stops at
    /// the first page that holds a seen event).</summary>
    private async Task<List<StackEvent>> NewEventsAsync(string stackId, HashSet<string> seen, CancellationToken cancellationToken)
    {
        var fresh = new List<StackEvent>();
        string? next = null;
        try
        {
            do
            {
                var page = await _cloudFormation.DescribeStackEventsAsync(new DescribeStackEventsInput { StackName = stackId, NextToken = next }, cancellationToken).ConfigureAwait(false);
                var events = page.StackEvents ?? [];
                var reachedSeen = false;
                foreach (var e in events)
                {
                    if (seen.Add(e.EventId))
                        fresh.Add(e);
                    else
                        reachedSeen = true;
                }
                next = reachedSeen ? null : page.NextToken;
            }
            while (!string.IsNullOrEmpty(next));
        }
        catch (CloudFormationException e) when (IsMissingStack(e))
        {
            // A stack being created from a change set may not answer DescribeStackEvents yet.
        }
        fresh.Reverse();
        return fresh;
    }

    private async Task<StackDeploymentException> FailureAsync(CloudFormationStack stack, HashSet<string> before, string operation, CancellationToken cancellationToken)
    {
        var reasons = new List<string>();
        var described = await _cloudFormation.DescribeStackEventsAsync(new DescribeStackEventsInput { StackName = stack.StackId ?? stack.StackName }, cancellationToken).ConfigureAwait(false);
        foreach (var e in Enumerable.Reverse(described.StackEvents ?? []))
        {
            if (before.Contains(e.EventId) && !string.IsNullOrEmpty(e.ResourceStatus) && !e.ResourceStatus.EndsWith("_FAILED", StringComparison.Ordinal))
                continue;
            if (e.ResourceStatus?.EndsWith("_FAILED", StringComparison.Ordinal) == true && !string.IsNullOrEmpty(e.ResourceStatusReason)
                && !e.ResourceStatusReason.Contains("Resource creation cancelled", StringComparison.Ordinal)
                && e.ResourceType != "AWS::CloudFormation::Stack")
                reasons.Add($"{e.LogicalResourceId} ({e.ResourceType}): {e.ResourceStatusReason}");
        }
        if (reasons.Count == 0 && !string.IsNullOrEmpty(stack.StackStatusReason))
            reasons.Add(stack.StackStatusReason);
        var why = reasons.Count == 0 ? "" : ": " + string.Join("; ", reasons);
        return new StackDeploymentException(stack.StackName, stack.StackStatus, reasons, $"The {operation} of stack {stack.StackName} ended {stack.StackStatus}{why}");
    }

    private static Dictionary<string, string> Outputs(CloudFormationStack stack) =>
        (stack.Outputs ?? []).Where(o => o.OutputKey is not null).ToDictionary(o => o.OutputKey!, o => o.OutputValue ?? "", StringComparer.Ordinal);

    // CloudFormation answers ValidationError "Stack with id X does not exist" for a stack it does not know.
    private static bool IsMissingStack(CloudFormationException e) =>
        e.ErrorCode == "ValidationError" && e.Message.Contains("does not exist", StringComparison.Ordinal);

    // AWS's reasons for a change set with nothing to do ("The submitted information didn't contain changes. …" and, for
    // a template that changes only what CloudFormation does not track, "No updates are to be performed.").
    private static bool IsNoChanges(string? reason) =>
        reason is not null && (reason.Contains("didn't contain changes", StringComparison.Ordinal) || reason.Contains("No updates are to be performed", StringComparison.Ordinal));
}
