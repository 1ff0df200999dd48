using System.Text.Json.Nodes;
using Stepwise.Aws.StepFunctions;

namespace Stepwise.Workflows;

/// <summary>A run of a <see cref="Workflow"/>, as the Python SDK's <c>Execution</c>: describe it, read its
/// events, wait for its output, stop it.</summary>
public sealed class Execution(IStepFunctions client, string executionArn, Workflow? workflow = null)
{
    /// <summary>How often <see cref="GetOutputAsync"/> and <see cref="WaitAsync"/> poll the service (250 ms unless set;
    /// an execution started by a workflow takes the workflow's).</summary>
    public TimeSpan PollInterval { get; init; } = workflow?.PollInterval ?? Workflow.DefaultPollInterval;

    /// <summary>The clock the polling waits on (a fake one in tests); the workflow's, else the system clock.</summary>
    public TimeProvider Time { get; init; } = workflow?.Time ?? TimeProvider.System;

    public IStepFunctions Client { get; } = client;

    public string ExecutionArn { get; } = executionArn;

    /// <summary>The workflow it runs, when known.</summary>
    public Workflow? Workflow { get; } = workflow;

    public Task<DescribeExecutionOutput> DescribeAsync(CancellationToken cancellationToken = default) =>
        Client.DescribeExecutionAsync(new DescribeExecutionInput { ExecutionArn = ExecutionArn }, cancellationToken);

    /// <summary>The history events, oldest first (or newest first), all pages read.</summary>
    public Task<IReadOnlyList<HistoryEvent>> ListEventsAsync(int? maxItems = null, bool reverseOrder = false, CancellationToken cancellationToken = default) =>
        Pages.ReadAsync(async token =>
        {
            var page = await Client.GetExecutionHistoryAsync(new GetExecutionHistoryInput
            {
                ExecutionArn = ExecutionArn,
                ReverseOrder = reverseOrder,
                NextToken = token,
                MaxResults = 1000,
            }, cancellationToken).ConfigureAwait(false);
            return (page.Events, page.NextToken);
        }, maxItems);

    /// <summary>Waits until the execution has ended, then describes it.</summary>
    public async Task<DescribeExecutionOutput> WaitAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var described = await DescribeAsync(cancellationToken).ConfigureAwait(false);
            if (described.Status != ExecutionStatus.Running) return described;
            await Task.Delay(PollInterval, Time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The output: null while running (unless <paramref name="wait"/>) or when the execution did not succeed.</summary>
    public async Task<JsonNode?> GetOutputAsync(bool wait = false, CancellationToken cancellationToken = default)
    {
        var described = wait ? await WaitAsync(cancellationToken).ConfigureAwait(false) : await DescribeAsync(cancellationToken).ConfigureAwait(false);
        return described.Output is null ? null : JsonNode.Parse(described.Output);
    }

    /// <summary>Stops a running execution (ABORTED), with an optional error and cause.</summary>
    public async Task<DateTimeOffset> StopAsync(string? error = null, string? cause = null, CancellationToken cancellationToken = default) =>
        (await Client.StopExecutionAsync(new StopExecutionInput { ExecutionArn = ExecutionArn, Error = error, Cause = cause }, cancellationToken).ConfigureAwait(false)).StopDate;

    public override string ToString() => ExecutionArn;
}
