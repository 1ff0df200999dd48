namespace Stepwise.Local.StepFunctions;

/// <summary>An error raised while running a state machine, named as AWS Step Functions names it
/// (<c>States.Runtime</c>, <c>States.IntrinsicFailure</c>, <c>States.TaskFailed</c>, a task's own error…).
/// Retry and Catch match on <see cref="Error"/>; <see cref="Cause"/> is the human-readable text.</summary>
public class StatesException(string error, string cause, Exception? inner = null) : Exception($"{error}: {cause}", inner)
{
    /// <summary>The error name, e.g. <c>States.Runtime</c>.</summary>
    public string Error { get; } = error;

    /// <summary>The human-readable cause, as it appears in the execution history.</summary>
    public string Cause { get; } = cause;
}

/// <summary>The error names Step Functions itself raises.</summary>
public static class StatesErrors
{
    public const string All = "States.ALL";
    public const string HeartbeatTimeout = "States.HeartbeatTimeout";
    public const string Timeout = "States.Timeout";
    public const string TaskFailed = "States.TaskFailed";
    public const string Permissions = "States.Permissions";
    public const string ResultPathMatchFailure = "States.ResultPathMatchFailure";
    public const string ParameterPathFailure = "States.ParameterPathFailure";
    public const string QueryEvaluationError = "States.QueryEvaluationError";
    public const string BranchFailed = "States.BranchFailed";
    public const string NoChoiceMatched = "States.NoChoiceMatched";
    public const string IntrinsicFailure = "States.IntrinsicFailure";
    public const string ExceedToleratedFailureThreshold = "States.ExceedToleratedFailureThreshold";
    public const string ItemReaderFailed = "States.ItemReaderFailed";
    public const string ResultWriterFailed = "States.ResultWriterFailed";
    public const string Runtime = "States.Runtime";
    public const string DataLimitExceeded = "States.DataLimitExceeded";
}
