namespace Stepwise.Workflows;

/// <summary>Publishes to an Amazon SNS topic (<c>sns:publish</c>): <c>TopicArn</c>, <c>Message</c>, … in <see cref="TaskStep.Parameters"/>.</summary>
public sealed class SnsPublishStep : ServiceIntegrationStep
{
    /// <summary>A step calling <c>sns:publish</c>; with <paramref name="waitForCallback"/> it passes a task token and waits for it (<c>.waitForTaskToken</c>).</summary>
    public SnsPublishStep(string name, bool waitForCallback = false)
        : base(name, "sns", "publish", Callback(waitForCallback), CallbackPatterns) { }
}
