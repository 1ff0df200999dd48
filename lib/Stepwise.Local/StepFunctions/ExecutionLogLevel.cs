using Stepwise.Aws.StepFunctions;

namespace Stepwise.Local.StepFunctions;

/// <summary>Which history events a <c>loggingConfiguration</c> level sends to CloudWatch Logs, as AWS's "Log levels"
/// page lists them (https://docs.aws.amazon.com/step-functions/latest/dg/cloudwatch-log-level.html): ALL every event,
/// ERROR the error events, FATAL the execution's own failure, abort or time-out, OFF none.</summary>
internal static class ExecutionLogLevel
{
    public const string All = "ALL";
    public const string Error = "ERROR";
    public const string Fatal = "FATAL";
    public const string Off = "OFF";

    public static readonly IReadOnlyList<string> Values = [All, Error, Fatal, Off];

    private static readonly HashSet<string> FatalEvents = new(StringComparer.Ordinal)
    {
        "ExecutionAborted", "ExecutionFailed", "ExecutionTimedOut",
    };

    private static readonly HashSet<string> ErrorEvents = new(StringComparer.Ordinal)
    {
        "ActivityFailed", "ActivityScheduleFailed", "ActivityTimedOut",
        "ExecutionAborted", "ExecutionFailed", "ExecutionTimedOut",
        "FailStateEntered",
        "LambdaFunctionFailed", "LambdaFunctionScheduleFailed", "LambdaFunctionStartFailed", "LambdaFunctionTimedOut",
        "MapStateAborted", "MapStateFailed", "MapIterationAborted", "MapIterationFailed", "MapRunAborted", "MapRunFailed",
        "ParallelStateAborted", "ParallelStateFailed",
        "TaskFailed", "TaskStartFailed", "TaskStateAborted", "TaskSubmitFailed", "TaskTimedOut",
        "WaitStateAborted",
    };

    public static bool Includes(string level, string eventType) => level switch
    {
        All => true,
        Error => ErrorEvents.Contains(eventType),
        Fatal => FatalEvents.Contains(eventType),
        _ => false,
    };
}
