namespace Stepwise.Local.Lambda;

/// <summary>What a handler knows about its invocation, shaped like Amazon.Lambda.Core's <c>ILambdaContext</c> (whose
/// package is not available here).</summary>
public sealed class LambdaContext
{
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _deadline;

    internal LambdaContext(string awsRequestId, string functionName, string invokedFunctionArn, string logGroupName, string logStreamName,
        ILambdaLogger logger, TimeProvider time, DateTimeOffset deadline)
    {
        AwsRequestId = awsRequestId;
        FunctionName = functionName;
        InvokedFunctionArn = invokedFunctionArn;
        LogGroupName = logGroupName;
        LogStreamName = logStreamName;
        Logger = logger;
        _time = time;
        _deadline = deadline;
    }

    /// <summary>The invocation's request id, as in its START/END/REPORT lines.</summary>
    public string AwsRequestId { get; }

    public string FunctionName { get; }

    /// <summary>Always <c>$LATEST</c>: local functions have no published versions.</summary>
    public string FunctionVersion => "$LATEST";

    public string InvokedFunctionArn { get; }

    /// <summary><c>/aws/lambda/{FunctionName}</c>.</summary>
    public string LogGroupName { get; }

    /// <summary>The stream of the instance running this invocation (<c>YYYY/MM/DD/[$LATEST]{id}</c>).</summary>
    public string LogStreamName { get; }

    /// <summary>Lambda's default, 128 MB (reported, not enforced: the handler runs in this process).</summary>
    public int MemoryLimitInMB => LocalLambda.MemorySizeMb;

    /// <summary>Writes to the function's log stream.</summary>
    public ILambdaLogger Logger { get; }

    /// <summary>Time left before Lambda's default 3-second timeout, on the cloud's clock (reported, not enforced locally).</summary>
    public TimeSpan RemainingTime => _deadline - _time.GetUtcNow();
}
