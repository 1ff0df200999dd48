using System.Collections.Frozen;
using Stepwise.Aws.StepFunctions;

namespace Stepwise.Local.StepFunctions.Host;

/// <summary>The operations the host serves, keyed by their full <c>X-Amz-Target</c> value.</summary>
internal static class StepFunctionsOperations
{
    /// <summary>The awsJson target prefix of the Step Functions service (the model's <c>targetPrefix</c>).</summary>
    public const string TargetPrefix = "AWSStepFunctions.";

    public static FrozenDictionary<string, StepFunctionsOperation> ByTarget { get; } = new StepFunctionsOperation[]
    {
        Op<CreateStateMachineInput, CreateStateMachineOutput>("CreateStateMachine", (s, i, c) => s.CreateStateMachineAsync(i, c)),
        Op<UpdateStateMachineInput, UpdateStateMachineOutput>("UpdateStateMachine", (s, i, c) => s.UpdateStateMachineAsync(i, c)),
        Op<DescribeStateMachineInput, DescribeStateMachineOutput>("DescribeStateMachine", (s, i, c) => s.DescribeStateMachineAsync(i, c)),
        Op<ListStateMachinesInput, ListStateMachinesOutput>("ListStateMachines", (s, i, c) => s.ListStateMachinesAsync(i, c)),
        Op<DeleteStateMachineInput, DeleteStateMachineOutput>("DeleteStateMachine", (s, i, c) => s.DeleteStateMachineAsync(i, c)),
        Op<ValidateStateMachineDefinitionInput, ValidateStateMachineDefinitionOutput>("ValidateStateMachineDefinition", (s, i, c) => s.ValidateStateMachineDefinitionAsync(i, c)),
        Op<StartExecutionInput, StartExecutionOutput>("StartExecution", (s, i, c) => s.StartExecutionAsync(i, c)),
        Op<StartSyncExecutionInput, StartSyncExecutionOutput>("StartSyncExecution", (s, i, c) => s.StartSyncExecutionAsync(i, c)),
        Op<DescribeExecutionInput, DescribeExecutionOutput>("DescribeExecution", (s, i, c) => s.DescribeExecutionAsync(i, c)),
        Op<ListExecutionsInput, ListExecutionsOutput>("ListExecutions", (s, i, c) => s.ListExecutionsAsync(i, c)),
        Op<GetExecutionHistoryInput, GetExecutionHistoryOutput>("GetExecutionHistory", (s, i, c) => s.GetExecutionHistoryAsync(i, c)),
        Op<StopExecutionInput, StopExecutionOutput>("StopExecution", (s, i, c) => s.StopExecutionAsync(i, c)),
        Op<DescribeStateMachineForExecutionInput, DescribeStateMachineForExecutionOutput>("DescribeStateMachineForExecution", (s, i, c) => s.DescribeStateMachineForExecutionAsync(i, c)),
        Op<TestStateInput, TestStateOutput>("TestState", (s, i, c) => s.TestStateAsync(i, c)),
        Op<SendTaskSuccessInput, SendTaskSuccessOutput>("SendTaskSuccess", (s, i, c) => s.SendTaskSuccessAsync(i, c)),
        Op<SendTaskFailureInput, SendTaskFailureOutput>("SendTaskFailure", (s, i, c) => s.SendTaskFailureAsync(i, c)),
        Op<SendTaskHeartbeatInput, SendTaskHeartbeatOutput>("SendTaskHeartbeat", (s, i, c) => s.SendTaskHeartbeatAsync(i, c)),
        Op<TagResourceInput, TagResourceOutput>("TagResource", (s, i, c) => s.TagResourceAsync(i, c)),
        Op<UntagResourceInput, UntagResourceOutput>("UntagResource", (s, i, c) => s.UntagResourceAsync(i, c)),
        Op<ListTagsForResourceInput, ListTagsForResourceOutput>("ListTagsForResource", (s, i, c) => s.ListTagsForResourceAsync(i, c)),
    }.ToFrozenDictionary(o => TargetPrefix + o.Name, StringComparer.Ordinal);

    private static StepFunctionsOperation<TInput, TOutput> Op<TInput, TOutput>(
        string name, Func<IStepFunctions, TInput, CancellationToken, Task<TOutput>> call) where TInput : class => new(name, call);
}
