namespace Stepwise.Workflows;

/// <summary>Sends an Amazon SQS message (<c>sqs:sendMessage</c>): <c>QueueUrl</c>, <c>MessageBody</c>, … in <see cref="TaskStep.Parameters"/>.</summary>
public sealed class SqsSendMessageStep : ServiceIntegrationStep
{
    /// <summary>A step calling <c>sqs:sendMessage</c>; with <paramref name="waitForCallback"/> it passes a task token and waits for it (<c>.waitForTaskToken</c>).</summary>
    public SqsSendMessageStep(string name, bool waitForCallback = false)
        : base(name, "sqs", "sendMessage", Callback(waitForCallback), CallbackPatterns) { }
}
