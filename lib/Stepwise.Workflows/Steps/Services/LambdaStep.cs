namespace Stepwise.Workflows;

/// <summary>Invokes a Lambda function (<c>lambda:invoke</c>): put <c>FunctionName</c> and <c>Payload</c> in <see cref="TaskStep.Parameters"/>.</summary>
public sealed class LambdaStep : ServiceIntegrationStep
{
    /// <summary>A step calling <c>lambda:invoke</c>; with <paramref name="waitForCallback"/> it passes a task token and waits for it (<c>.waitForTaskToken</c>).</summary>
    public LambdaStep(string name, bool waitForCallback = false)
        : base(name, "lambda", "invoke", Callback(waitForCallback), CallbackPatterns) { }
}
