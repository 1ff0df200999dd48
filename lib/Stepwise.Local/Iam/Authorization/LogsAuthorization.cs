using Stepwise.Aws.Logs;

namespace Stepwise.Local.Iam.Authorization;

/// <summary>CloudWatch Logs' actions (Service Authorization Reference, "Actions defined by Amazon CloudWatch Logs"):
/// log groups as <c>arn:aws:logs:{region}:{account}:log-group:{name}</c>, log streams as
/// <c>…:log-group:{name}:log-stream:{stream}</c>; DescribeLogGroups on <c>…:log-group:*</c>. A denial is
/// <c>AccessDeniedException</c>, HTTP 400 (awsJson 1.1).</summary>
public static class LogsAuthorization
{
    /// <summary>The log group's ARN.</summary>
    public static string GroupArn(AuthorizationScope scope, string group) => scope.Arn("logs", $"log-group:{group}");

    /// <summary>The log stream's ARN.</summary>
    public static string StreamArn(AuthorizationScope scope, string group, string stream) => scope.Arn("logs", $"log-group:{group}:log-stream:{stream}");

    private static string Group(string? name, string? identifier) =>
        name ?? identifier?.Split(":log-group:").Last().TrimEnd('*').TrimEnd(':') ?? "*";

    /// <summary>The table.</summary>
    public static ServiceAuthorization Table { get; } = ServiceAuthorization.For(LogsOperations.Service, "logs", "AccessDeniedException", 400)
        .Add<CreateLogGroupRequest>("CreateLogGroup", (i, s) => GroupArn(s, i.LogGroupName))
        .Add<DeleteLogGroupRequest>("DeleteLogGroup", (i, s) => GroupArn(s, i.LogGroupName))
        .Add<DescribeLogGroupsRequest>("DescribeLogGroups", (_, s) => GroupArn(s, "*"))
        .Add<CreateLogStreamRequest>("CreateLogStream", (i, s) => StreamArn(s, i.LogGroupName, i.LogStreamName))
        .Add<DescribeLogStreamsRequest>("DescribeLogStreams", (i, s) => GroupArn(s, Group(i.LogGroupName, i.LogGroupIdentifier)))
        .Add<PutLogEventsRequest>("PutLogEvents", (i, s) => StreamArn(s, i.LogGroupName, i.LogStreamName))
        .Add<GetLogEventsRequest>("GetLogEvents", (i, s) => StreamArn(s, Group(i.LogGroupName, i.LogGroupIdentifier), i.LogStreamName))
        .Add<FilterLogEventsRequest>("FilterLogEvents", (i, s) => GroupArn(s, Group(i.LogGroupName, i.LogGroupIdentifier)))
        .Build();
}
