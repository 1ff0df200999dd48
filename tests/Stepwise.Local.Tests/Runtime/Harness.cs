using System.Text.Json.Nodes;
using Stepwise.Local.StepFunctions.Runtime;
using Stepwise.Local.StepFunctions.Integrations;
using Stepwise.Workflows.Asl;

namespace Stepwise.Local.Tests.Runtime;

/// <summary>Runs definitions on the engine with simulated time and records what happened.</summary>
internal sealed class Harness
{
    public VirtualClock Clock { get; } = new();
    public LocalLambda Lambda { get; } = new();
    public IntegrationRegistry Integrations { get; }
    public TaskTokens Tokens { get; } = new();
    public string? ObjectRoot { get; init; }

    public Harness()
    {
        Integrations = new IntegrationRegistry().Add(Lambda);
    }

    public WorkflowEngine Engine => new(new EngineOptions
    {
        Clock = Clock,
        Integrations = Integrations,
        TaskTokens = Tokens,
        RandomSeed = 7,
        ObjectStore = ObjectRoot is null ? null : new LocalObjectStore(ObjectRoot),
    });

    public async Task<Run> RunAsync(string definition, string input = "{}", ExecutionControl? control = null)
    {
        var journal = new MemoryJournal();
        var start = new ExecutionStart("arn:aws:states:us-east-1:123456789012:execution:Test:run-1", "run-1",
            "arn:aws:states:us-east-1:123456789012:stateMachine:Test", "Test", "arn:aws:iam::123456789012:role/Test",
            StateMachine.FromJson(definition), input, Clock.UtcNow);
        var outcome = await Engine.RunAsync(start, journal, control: control);
        return new Run(outcome, journal.Events);
    }

    /// <summary>A one-state-per-line definition builder: <c>Definition("A", """ "A": {...} """)</c>.</summary>
    public static string Definition(string startAt, string states, string extra = "") =>
        $$"""{ "StartAt": "{{startAt}}", {{extra}} "States": { {{states}} } }""";
}

internal sealed record Run(ExecutionOutcome Outcome, IReadOnlyList<ExecutionEvent> Events)
{
    public JsonNode? Output => Outcome.Output is null ? null : JsonNode.Parse(Outcome.Output);

    public IReadOnlyList<string> Types => [.. Events.Select(e => e.Type)];

    public void AssertSucceeded(string expectedOutput)
    {
        Assert.True(Outcome.Status == ExecutionStatuses.Succeeded, $"{Outcome.Status}: {Outcome.Error}: {Outcome.Cause}");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expectedOutput), Output), $"output was {Outcome.Output}");
    }

    public void AssertFailed(string error, string? causeContains = null)
    {
        Assert.Equal(ExecutionStatuses.Failed, Outcome.Status);
        Assert.Equal(error, Outcome.Error);
        if (causeContains is not null) Assert.Contains(causeContains, Outcome.Cause);
    }
}
