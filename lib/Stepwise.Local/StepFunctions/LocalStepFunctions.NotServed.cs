using System.Runtime.CompilerServices;
using Stepwise.Aws.StepFunctions;

namespace Stepwise.Local.StepFunctions;

/// <summary>The operations of the Step Functions API the local engine does not serve yet: each fails as AWS fails an
/// operation it does not know, with a message that says so.</summary>
public sealed partial class LocalStepFunctions
{
    public Task<CreateActivityOutput> CreateActivityAsync(CreateActivityInput input, CancellationToken cancellationToken = default) => NotServed<CreateActivityOutput>();

    public Task<DeleteActivityOutput> DeleteActivityAsync(DeleteActivityInput input, CancellationToken cancellationToken = default) => NotServed<DeleteActivityOutput>();

    public Task<DescribeActivityOutput> DescribeActivityAsync(DescribeActivityInput input, CancellationToken cancellationToken = default) => NotServed<DescribeActivityOutput>();

    public Task<GetActivityTaskOutput> GetActivityTaskAsync(GetActivityTaskInput input, CancellationToken cancellationToken = default) => NotServed<GetActivityTaskOutput>();

    public Task<ListActivitiesOutput> ListActivitiesAsync(ListActivitiesInput input, CancellationToken cancellationToken = default) => NotServed<ListActivitiesOutput>();

    private static Task<T> NotServed<T>([CallerMemberName] string method = "") =>
        Task.FromException<T>(new StepFunctionsException("UnknownOperationException",
            $"{method[..^"Async".Length]} is not served by the local Step Functions yet; the operations it serves are listed in README.md.") { StatusCode = 400 });
}
