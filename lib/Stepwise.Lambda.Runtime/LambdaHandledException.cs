namespace Stepwise.Lambda.Runtime;

/// <summary>A failure a handler reports on purpose, with its own <c>errorType</c> (what a Step Functions Retry or Catch
/// matches), e.g. <c>BuildFailed</c>.</summary>
public class LambdaHandledException(string errorType, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The <c>errorType</c> of the error document.</summary>
    public string ErrorType { get; } = errorType;
}
