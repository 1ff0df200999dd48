using Stepwise.Lambda.Runtime;

namespace Stepwise.Builder;

/// <summary>A build that ended without succeeding, or could not be started: the function's error, whose
/// <c>errorType</c> (<c>BuildFailed</c>, <c>BuildInputsInvalid</c>) a Step Functions Retry or Catch matches.</summary>
public sealed class BuildFailedException(string errorType, string message) : LambdaHandledException(errorType, message);
