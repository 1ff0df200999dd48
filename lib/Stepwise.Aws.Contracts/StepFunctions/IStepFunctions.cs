namespace Stepwise.Aws.StepFunctions;

/// <summary>
/// The AWS Step Functions API, one method per operation, with the service model's own shapes. The local engine
/// implements it; the wire host (<c>Stepwise.Local.Host.StepFunctionsHost</c>) serves any implementation to AWS SDKs.
/// Failures are <see cref="StepFunctionsException"/>s carrying the model's error code.
/// </summary>
public interface IStepFunctions
{
    /// <summary>Creates a state machine from an Amazon States Language definition.</summary>
    Task<CreateStateMachineOutput> CreateStateMachineAsync(CreateStateMachineInput input, CancellationToken cancellationToken = default);

    /// <summary>Updates a state machine's definition, role, logging or tracing; running executions keep the old definition.</summary>
    Task<UpdateStateMachineOutput> UpdateStateMachineAsync(UpdateStateMachineInput input, CancellationToken cancellationToken = default);

    /// <summary>Describes a state machine, its definition included.</summary>
    Task<DescribeStateMachineOutput> DescribeStateMachineAsync(DescribeStateMachineInput input, CancellationToken cancellationToken = default);

    /// <summary>Lists state machines, a page at a time (<c>maxResults</c>, <c>nextToken</c>).</summary>
    Task<ListStateMachinesOutput> ListStateMachinesAsync(ListStateMachinesInput input, CancellationToken cancellationToken = default);

    /// <summary>Deletes a state machine; idempotent.</summary>
    Task<DeleteStateMachineOutput> DeleteStateMachineAsync(DeleteStateMachineInput input, CancellationToken cancellationToken = default);

    /// <summary>Validates a definition without creating anything; problems come back as diagnostics, not errors.</summary>
    Task<ValidateStateMachineDefinitionOutput> ValidateStateMachineDefinitionAsync(ValidateStateMachineDefinitionInput input, CancellationToken cancellationToken = default);

    /// <summary>Starts an execution of a state machine.</summary>
    Task<StartExecutionOutput> StartExecutionAsync(StartExecutionInput input, CancellationToken cancellationToken = default);

    /// <summary>Runs an Express state machine to completion and returns its result.</summary>
    Task<StartSyncExecutionOutput> StartSyncExecutionAsync(StartSyncExecutionInput input, CancellationToken cancellationToken = default);

    /// <summary>Describes an execution: status, input, output, error.</summary>
    Task<DescribeExecutionOutput> DescribeExecutionAsync(DescribeExecutionInput input, CancellationToken cancellationToken = default);

    /// <summary>Lists a state machine's executions, newest first, optionally by status.</summary>
    Task<ListExecutionsOutput> ListExecutionsAsync(ListExecutionsInput input, CancellationToken cancellationToken = default);

    /// <summary>Returns an execution's history events, a page at a time, oldest first unless <c>reverseOrder</c>.</summary>
    Task<GetExecutionHistoryOutput> GetExecutionHistoryAsync(GetExecutionHistoryInput input, CancellationToken cancellationToken = default);

    /// <summary>Stops (aborts) a running execution.</summary>
    Task<StopExecutionOutput> StopExecutionAsync(StopExecutionInput input, CancellationToken cancellationToken = default);

    /// <summary>Describes the state machine (definition as of the start) that an execution runs.</summary>
    Task<DescribeStateMachineForExecutionOutput> DescribeStateMachineForExecutionAsync(DescribeStateMachineForExecutionInput input, CancellationToken cancellationToken = default);

    /// <summary>Runs one state in isolation and reports what each input/output processing step produced.</summary>
    Task<TestStateOutput> TestStateAsync(TestStateInput input, CancellationToken cancellationToken = default);

    /// <summary>Completes a <c>.waitForTaskToken</c> task with an output.</summary>
    Task<SendTaskSuccessOutput> SendTaskSuccessAsync(SendTaskSuccessInput input, CancellationToken cancellationToken = default);

    /// <summary>Fails a <c>.waitForTaskToken</c> task with an error and cause.</summary>
    Task<SendTaskFailureOutput> SendTaskFailureAsync(SendTaskFailureInput input, CancellationToken cancellationToken = default);

    /// <summary>Reports that a <c>.waitForTaskToken</c> task is still alive, resetting its heartbeat clock.</summary>
    Task<SendTaskHeartbeatOutput> SendTaskHeartbeatAsync(SendTaskHeartbeatInput input, CancellationToken cancellationToken = default);

    /// <summary>Adds or overwrites tags on a state machine or activity.</summary>
    Task<TagResourceOutput> TagResourceAsync(TagResourceInput input, CancellationToken cancellationToken = default);

    /// <summary>Removes tags from a state machine or activity.</summary>
    Task<UntagResourceOutput> UntagResourceAsync(UntagResourceInput input, CancellationToken cancellationToken = default);

    /// <summary>Lists the tags of a state machine or activity.</summary>
    Task<ListTagsForResourceOutput> ListTagsForResourceAsync(ListTagsForResourceInput input, CancellationToken cancellationToken = default);
}
