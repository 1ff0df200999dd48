using Stepwise.Aws.Logs;

namespace Stepwise.Local.Logs;

/// <summary>CloudWatch Logs' errors, with AWS's codes and wording: the one home of that text.</summary>
internal static class LogsErrors
{
    public static LogsException LogGroupNotFound() =>
        new(LogsErrorCodes.ResourceNotFoundException, "The specified log group does not exist.");

    public static LogsException LogStreamNotFound() =>
        new(LogsErrorCodes.ResourceNotFoundException, "The specified log stream does not exist.");

    public static LogsException LogGroupExists() =>
        new(LogsErrorCodes.ResourceAlreadyExistsException, "The specified log group already exists");

    public static LogsException LogStreamExists() =>
        new(LogsErrorCodes.ResourceAlreadyExistsException, "The specified log stream already exists");

    public static LogsException InvalidParameter(string message) =>
        new(LogsErrorCodes.InvalidParameterException, message);

    /// <summary>The model-constraint wording AWS uses for a value that breaks a shape's rule.</summary>
    public static LogsException Constraint(string? value, string member, string constraint) =>
        InvalidParameter($"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}");

    public static LogsException NotChronological() =>
        InvalidParameter("Log events in a single PutLogEvents request must be in chronological order.");

    public static LogsException SpansMoreThanADay() =>
        InvalidParameter("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");

    public static LogsException UploadTooLarge(long bytes) =>
        InvalidParameter($"Upload too large: {bytes} bytes exceeds limit of {LocalLogs.MaxBatchBytes}");

    public static LogsException InvalidToken() =>
        InvalidParameter("The specified nextToken is invalid.");

    public static LogsException UnsupportedFilterPattern(string pattern, string why) =>
        InvalidParameter($"Invalid filter pattern '{pattern}': {why} (local CloudWatch Logs supports plain terms and quoted phrases).");

    public static LogsException DeletionProtected(string group) =>
        new(LogsErrorCodes.OperationAbortedException, $"The log group {group} has deletion protection enabled; disable it before deleting the log group.");
}
