namespace Stepwise.Local.Lambda;

/// <summary>A handler's logger, shaped like Amazon.Lambda.Core's <c>ILambdaLogger</c>: each call is one event of the
/// function's log stream, formatted as the .NET managed runtime does (<c>{time}\t{requestId}\t{level}\t{message}</c>).</summary>
public interface ILambdaLogger
{
    /// <summary>Logs a message at the information level.</summary>
    void Log(string message);

    /// <summary>Logs a message at the information level.</summary>
    void LogLine(string message);

    /// <summary>Logs a message at the information level.</summary>
    void LogInformation(string message);

    /// <summary>Logs a message at the warning level.</summary>
    void LogWarning(string message);

    /// <summary>Logs a message at the error level.</summary>
    void LogError(string message);
}
