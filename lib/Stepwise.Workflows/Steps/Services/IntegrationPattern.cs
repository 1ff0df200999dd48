namespace Stepwise.Workflows;

/// <summary>How a Task calls an AWS service (the suffix of <c>arn:aws:states:::service:action</c>), as in the Python SDK.</summary>
public enum IntegrationPattern
{
    /// <summary>Run a job and wait for it to complete (<c>.sync</c>; <c>.sync:2</c> for <c>states:startExecution</c>).</summary>
    WaitForCompletion,

    /// <summary>Pass a task token and wait until <c>SendTaskSuccess</c>/<c>SendTaskFailure</c> returns it (<c>.waitForTaskToken</c>).</summary>
    WaitForTaskToken,

    /// <summary>Call the service and move on as soon as it answers (no suffix).</summary>
    CallAndContinue,
}
