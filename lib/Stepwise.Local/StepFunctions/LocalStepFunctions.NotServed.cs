using System.Runtime.CompilerServices;
using Stepwise.Aws.StepFunctions;

namespace Stepwise.Local.StepFunctions;

/// <summary>The operations of the Step Functions API the local engine does not serve yet: each fails as AWS fails an
/// operation it does not know, with a message that says so.</summary>
public sealed partial class LocalStepFunctions
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
        Task.FromException<T>(new StepFunctionsException("UnknownOperationException",
            $"{method[..^"Async".Length]} is not served by the local Step Functions yet; the operations it serves are listed in README.md.") { StatusCode = 400 });
}
