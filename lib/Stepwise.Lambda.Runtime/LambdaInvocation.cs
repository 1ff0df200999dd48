namespace Stepwise.Lambda.Runtime;

/// <summary>One event from <c>GET /2018-06-01/runtime/invocation/next</c>: the payload and the headers that describe it.</summary>
/// <param name="RequestId"><c>Lambda-Runtime-Aws-Request-Id</c>.</param>
/// <param name="Deadline"><c>Lambda-Runtime-Deadline-Ms</c>: when the function times out.</param>
/// <param name="InvokedFunctionArn"><c>Lambda-Runtime-Invoked-Function-Arn</c>.</param>
/// <param name="TraceId"><c>Lambda-Runtime-Trace-Id</c>, when sent.</param>
/// <param name="Payload">The event, as the caller sent it.</param>
public sealed record LambdaInvocation(string RequestId, DateTimeOffset Deadline, string InvokedFunctionArn, string? TraceId, byte[] Payload);
