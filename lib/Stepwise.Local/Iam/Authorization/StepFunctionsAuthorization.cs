using Stepwise.Aws.StepFunctions;

namespace Stepwise.Local.Iam.Authorization;

/// <summary>Step Functions' actions (Service Authorization Reference, "Actions defined by AWS Step Functions"): state
/// machines, executions, activities and map runs by ARN; CreateStateMachine, UpdateStateMachine and TestState with a
/// role also need <c>iam:PassRole</c> to <c>states.amazonaws.com</c>. A denial is <c>AccessDeniedException</c>, HTTP 400
/// (awsJson 1.0: the Step Functions API's Common Errors).</summary>
public static class StepFunctionsAuthorization
{
    private const string Service = "states.amazonaws.com";

    /// <summary>The table.</summary>
    public static ServiceAuthorization Table { get; } = ServiceAuthorization.For(StepFunctionsOperations.Service, "states", "AccessDeniedException", 400)
        .Add<CreateStateMachineInput>("CreateStateMachine", (i, s) =>
            [new("states:CreateStateMachine", s.Arn("states", $"stateMachine:{i.Name}")), RequiredAccess.PassRole(i.RoleArn, Service)])
        .Add<UpdateStateMachineInput>("UpdateStateMachine", (i, _) => i.RoleArn is { } role
            ? [new("states:UpdateStateMachine", i.StateMachineArn), RequiredAccess.PassRole(role, Service)]
            : [new("states:UpdateStateMachine", i.StateMachineArn)])
        .Add<DeleteStateMachineInput>("DeleteStateMachine", (i, _) => i.StateMachineArn)
        .Add<DescribeStateMachineInput>("DescribeStateMachine", (i, _) => i.StateMachineArn)
        .Add<ListStateMachinesInput>("ListStateMachines", (_, _) => "*")
        .Add<StartExecutionInput>("StartExecution", (i, _) => i.StateMachineArn)
        .Add<StartSyncExecutionInput>("StartSyncExecution", (i, _) => i.StateMachineArn)
        .Add<ListExecutionsInput>("ListExecutions", (i, s) => i.StateMachineArn ?? i.MapRunArn ?? "*")
        .Add<DescribeExecutionInput>("DescribeExecution", (i, _) => i.ExecutionArn)
        .Add<DescribeStateMachineForExecutionInput>("DescribeStateMachineForExecution", (i, _) => i.ExecutionArn)
        .Add<GetExecutionHistoryInput>("GetExecutionHistory", (i, _) => i.ExecutionArn)
        .Add<StopExecutionInput>("StopExecution", (i, _) => i.ExecutionArn)
        .Add<RedriveExecutionInput>("RedriveExecution", (i, _) => i.ExecutionArn)
        .Add<DescribeMapRunInput>("DescribeMapRun", (i, _) => i.MapRunArn)
        .Add<UpdateMapRunInput>("UpdateMapRun", (i, _) => i.MapRunArn)
        .Add<ListMapRunsInput>("ListMapRuns", (i, _) => i.ExecutionArn)
        .Add<CreateActivityInput>("CreateActivity", (i, s) => s.Arn("states", $"activity:{i.Name}"))
        .Add<DeleteActivityInput>("DeleteActivity", (i, _) => i.ActivityArn)
        .Add<DescribeActivityInput>("DescribeActivity", (i, _) => i.ActivityArn)
        .Add<GetActivityTaskInput>("GetActivityTask", (i, _) => i.ActivityArn)
        .Add<ListActivitiesInput>("ListActivities", (_, _) => "*")
        .Add<SendTaskSuccessInput>("SendTaskSuccess", (_, _) => "*")
        .Add<SendTaskFailureInput>("SendTaskFailure", (_, _) => "*")
        .Add<SendTaskHeartbeatInput>("SendTaskHeartbeat", (_, _) => "*")
        .Add<TagResourceInput>("TagResource", (i, _) => i.ResourceArn)
        .Add<UntagResourceInput>("UntagResource", (i, _) => i.ResourceArn)
        .Add<ListTagsForResourceInput>("ListTagsForResource", (i, _) => i.ResourceArn)
        .Add<PublishStateMachineVersionInput>("PublishStateMachineVersion", (i, _) => i.StateMachineArn)
        .Add<ListStateMachineVersionsInput>("ListStateMachineVersions", (i, _) => i.StateMachineArn)
        .Add<DeleteStateMachineVersionInput>("DeleteStateMachineVersion", (i, _) => i.StateMachineVersionArn)
        .Add<CreateStateMachineAliasInput>("CreateStateMachineAlias", (i, s) => s.Arn("states", $"stateMachine:{AliasMachine(i.RoutingConfiguration)}:{i.Name}"))
        .Add<DescribeStateMachineAliasInput>("DescribeStateMachineAlias", (i, _) => i.StateMachineAliasArn)
        .Add<UpdateStateMachineAliasInput>("UpdateStateMachineAlias", (i, _) => i.StateMachineAliasArn)
        .Add<DeleteStateMachineAliasInput>("DeleteStateMachineAlias", (i, _) => i.StateMachineAliasArn)
        .Add<ListStateMachineAliasesInput>("ListStateMachineAliases", (i, _) => i.StateMachineArn)
        .Add<ValidateStateMachineDefinitionInput>("ValidateStateMachineDefinition", (_, _) => "*")
        .Add<TestStateInput>("TestState", (i, _) => i.RoleArn is { } role
            ? [new("states:TestState", "*"), RequiredAccess.PassRole(role, Service)]
            : [new("states:TestState", "*")])
        .Build();

    /// <summary>The state machine name an alias's first routing entry names (<c>…:stateMachine:name:1</c>).</summary>
    private static string AliasMachine(IReadOnlyList<RoutingConfigurationListItem> routing)
    {
        var version = routing.FirstOrDefault()?.StateMachineVersionArn ?? "";
        var parts = version.Split(':');
        return parts.Length >= 7 ? parts[6] : "*";
    }
}
