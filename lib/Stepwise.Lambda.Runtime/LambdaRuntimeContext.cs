namespace Stepwise.Lambda.Runtime;

/// <summary>What a handler knows about its invocation and its function (from the Lambda environment).</summary>
public sealed class LambdaRuntimeContext
{
    private readonly TimeProvider _time;

    internal LambdaRuntimeContext(LambdaInvocation invocation, Func<string, string?> environment, TimeProvider time)
    {
        Invocation = invocation;
        _time = time;
        FunctionName = environment("AWS_LAMBDA_FUNCTION_NAME") ?? "";
        FunctionVersion = environment("AWS_LAMBDA_FUNCTION_VERSION") ?? "$LATEST";
        MemoryLimitInMB = int.TryParse(environment("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), out var memory) ? memory : 0;
        LogGroupName = environment("AWS_LAMBDA_LOG_GROUP_NAME") ?? "";
        LogStreamName = environment("AWS_LAMBDA_LOG_STREAM_NAME") ?? "";
    }

    /// <summary>The event and its headers.</summary>
    public LambdaInvocation Invocation { get; }

    /// <summary><c>Lambda-Runtime-Aws-Request-Id</c>.</summary>
    public string AwsRequestId => Invocation.RequestId;

    /// <summary><c>Lambda-Runtime-Invoked-Function-Arn</c>.</summary>
    public string InvokedFunctionArn => Invocation.InvokedFunctionArn;

    /// <summary><c>AWS_LAMBDA_FUNCTION_NAME</c>.</summary>
    public string FunctionName { get; }

    /// <summary><c>AWS_LAMBDA_FUNCTION_VERSION</c>.</summary>
    public string FunctionVersion { get; }

    /// <summary><c>AWS_LAMBDA_FUNCTION_MEMORY_SIZE</c>.</summary>
    public int MemoryLimitInMB { get; }

    /// <summary><c>AWS_LAMBDA_LOG_GROUP_NAME</c>.</summary>
    public string LogGroupName { get; }

    /// <summary><c>AWS_LAMBDA_LOG_STREAM_NAME</c>.</summary>
    public string LogStreamName { get; }

    /// <summary>Time left before the deadline; the handler's token is cancelled when it reaches zero.</summary>
    public TimeSpan RemainingTime => Invocation.Deadline - _time.GetUtcNow();

    /// <summary>Writes a line to the function's log (Lambda sends a function's standard output to CloudWatch Logs).</summary>
    public void Log(string message) => Console.Out.WriteLine($"{_time.GetUtcNow():yyyy-MM-dd'T'HH:mm:ss.fff'Z'}\t{AwsRequestId}\tinfo\t{message}");
}
