namespace Stepwise.Workflows;

/// <summary>Sends events to Amazon EventBridge (<c>events:putEvents</c>): <c>Entries</c> in <see cref="TaskStep.Parameters"/>.</summary>
public sealed class EventBridgePutEventsStep : ServiceIntegrationStep
{
    /// <summary>A step calling <c>events:putEvents</c>; with <paramref name="waitForCallback"/> it passes a task token and waits for it (<c>.waitForTaskToken</c>).</summary>
    public EventBridgePutEventsStep(string name, bool waitForCallback = false)
        : base(name, "events", "putEvents", Callback(waitForCallback), CallbackPatterns) { }
}
