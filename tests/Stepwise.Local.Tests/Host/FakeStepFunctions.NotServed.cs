using System.Runtime.CompilerServices;
using Stepwise.Aws.StepFunctions;

namespace Stepwise.Local.Tests.Host;

/// <summary>The operations the fake does not play. They fail with an error of their own (not <c>UnknownOperationException</c>,
/// which would mean that the host did not route the call).</summary>
public sealed partial class FakeStepFunctions
{
    public Task<CreateActivityOutput> CreateActivityAsync(CreateActivityInput input, CancellationToken cancellationToken = default) => NotServed<CreateActivityOutput>();

    public Task<CreateStateMachineAliasOutput> CreateStateMachineAliasAsync(CreateStateMachineAliasInput input, CancellationToken cancellationToken = default) => NotServed<CreateStateMachineAliasOutput>();

    public Task<DeleteActivityOutput> DeleteActivityAsync(DeleteActivityInput input, CancellationToken cancellationToken = default) => NotServed<DeleteActivityOutput>();

    public Task<DeleteStateMachineAliasOutput> DeleteStateMachineAliasAsync(DeleteStateMachineAliasInput input, CancellationToken cancellationToken = default) => NotServed<DeleteStateMachineAliasOutput>();

    public Task<DeleteStateMachineVersionOutput> DeleteStateMachineVersionAsync(DeleteStateMachineVersionInput input, CancellationToken cancellationToken = default) => NotServed<DeleteStateMachineVersionOutput>();

    public Task<DescribeActivityOutput> DescribeActivityAsync(DescribeActivityInput input, CancellationToken cancellationToken = default) => NotServed<DescribeActivityOutput>();

    public Task<DescribeMapRunOutput> DescribeMapRunAsync(DescribeMapRunInput input, CancellationToken cancellationToken = default) => NotServed<DescribeMapRunOutput>();

    public Task<DescribeStateMachineAliasOutput> DescribeStateMachineAliasAsync(DescribeStateMachineAliasInput input, CancellationToken cancellationToken = default) => NotServed<DescribeStateMachineAliasOutput>();

    public Task<GetActivityTaskOutput> GetActivityTaskAsync(GetActivityTaskInput input, CancellationToken cancellationToken = default) => NotServed<GetActivityTaskOutput>();

    public Task<ListActivitiesOutput> ListActivitiesAsync(ListActivitiesInput input, CancellationToken cancellationToken = default) => NotServed<ListActivitiesOutput>();

    public Task<ListMapRunsOutput> ListMapRunsAsync(ListMapRunsInput input, CancellationToken cancellationToken = default) => NotServed<ListMapRunsOutput>();

    public Task<ListStateMachineAliasesOutput> ListStateMachineAliasesAsync(ListStateMachineAliasesInput input, CancellationToken cancellationToken = default) => NotServed<ListStateMachineAliasesOutput>();

    public Task<ListStateMachineVersionsOutput> ListStateMachineVersionsAsync(ListStateMachineVersionsInput input, CancellationToken cancellationToken = default) => NotServed<ListStateMachineVersionsOutput>();

    public Task<PublishStateMachineVersionOutput> PublishStateMachineVersionAsync(PublishStateMachineVersionInput input, CancellationToken cancellationToken = default) => NotServed<PublishStateMachineVersionOutput>();

    public Task<RedriveExecutionOutput> RedriveExecutionAsync(RedriveExecutionInput input, CancellationToken cancellationToken = default) => NotServed<RedriveExecutionOutput>();

    public Task<UpdateMapRunOutput> UpdateMapRunAsync(UpdateMapRunInput input, CancellationToken cancellationToken = default) => NotServed<UpdateMapRunOutput>();

    public Task<UpdateStateMachineAliasOutput> UpdateStateMachineAliasAsync(UpdateStateMachineAliasInput input, CancellationToken cancellationToken = default) => NotServed<UpdateStateMachineAliasOutput>();

    private static Task<T> NotServed<T>([CallerMemberName] string method = "") =>
        Task.FromException<T>(new StepFunctionsException("NotServedByFake", $"{method[..^"Async".Length]} is not played by FakeStepFunctions."));
}
