using Stepwise.Aws.StepFunctions;
using Stepwise.Local.Logs;

namespace Stepwise.Local.StepFunctions;

public sealed partial class LocalStepFunctions
{
    private const string LogGroupMarker = ":log-group:";

    /// <summary>Checks a <c>loggingConfiguration</c> as CreateStateMachine and UpdateStateMachine do: a known level, exactly one
    /// destination unless the level is OFF, and (with a log sink) a destination group that exists.</summary>
    private void CheckLogging(LoggingConfiguration? logging)
    {
        if (logging is null) return;
        var level = logging.Level ?? ExecutionLogLevel.Off;
        if (!ExecutionLogLevel.Values.Contains(level))
            throw StepFunctionsException.Validation(
                $"1 validation error detected: Value '{level}' at 'loggingConfiguration.level' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", ExecutionLogLevel.Values)}]");
        var destinations = logging.Destinations ?? [];
        if (destinations.Count > 1 || (level != ExecutionLogLevel.Off && destinations.Count == 0))
            throw StepFunctionsException.InvalidLoggingConfiguration("Invalid Logging Configuration: Must specify exactly one Log Destination.");
        if (destinations.Count == 0 || level == ExecutionLogLevel.Off) return;
        var arn = destinations[0].CloudWatchLogsLogGroup?.LogGroupArn;
        var group = LogGroupName(arn) ?? throw StepFunctionsException.InvalidLoggingConfiguration(
            $"Invalid Logging Configuration: '{arn}' is not a CloudWatch Logs log group ARN (arn:aws:logs:REGION:ACCOUNT:log-group:NAME:*).");
        if (_options.Logs is { } logs && !logs.LogGroupExists(group))
            throw StepFunctionsException.InvalidLoggingConfiguration(
                $"Invalid Logging Configuration: Log Destination not found: the log group '{group}' ({arn}) does not exist; create it first (CreateLogGroup).");
    }

    /// <summary>The journal that writes an execution's events to its state machine's log group, or null when it logs nothing.
    /// Logging is best effort: a configuration that cannot be read leaves the execution unlogged, never failed.</summary>
    private ExecutionLogJournal? OpenExecutionLog(string stateMachineArn, string stateMachineName, string executionArn, DateTimeOffset start)
    {
        if (_options.Logs is not { } logs) return null;
        LoggingConfiguration? logging;
        try
        {
            logging = Parse<LoggingConfiguration>(_store.GetStateMachine(stateMachineArn)?.LoggingConfiguration);
        }
        catch (Exception)
        {
            return null;
        }
        if (logging is null) return null;
        var level = logging.Level ?? ExecutionLogLevel.Off;
        if (level == ExecutionLogLevel.Off || LogGroupName(logging.Destinations?.FirstOrDefault()?.CloudWatchLogsLogGroup?.LogGroupArn) is not { } group)
            return null;
        var stream = new BufferedLogStream(logs, group, ExecutionLogJournal.StreamName(stateMachineName, start), createGroup: false);
        return new ExecutionLogJournal(stream, executionArn, level, logging.IncludeExecutionData == true);
    }

    /// <summary>The group name in <c>arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*]</c>, or null.</summary>
    private static string? LogGroupName(string? arn)
    {
        if (arn is null || !arn.StartsWith("arn:", StringComparison.Ordinal) || arn.Split(':') is not { Length: >= 7 } parts || parts[2] != "logs")
            return null;
        var at = arn.IndexOf(LogGroupMarker, StringComparison.Ordinal);
        if (at < 0) return null;
        var name = arn[(at + LogGroupMarker.Length)..];
        if (name.EndsWith(":*", StringComparison.Ordinal)) name = name[..^2];
        return name.Length > 0 ? name : null;
    }
}
