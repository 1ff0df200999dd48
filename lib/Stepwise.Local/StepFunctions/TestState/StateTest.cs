using System.Text.Json.Nodes;
using Stepwise.Local.StepFunctions.Mocks;

namespace Stepwise.Local.StepFunctions.TestState;

/// <summary>What TestState sets on the one state it runs: the mocked outcome, the situation the state is run in
/// (<c>stateConfiguration</c>, <c>context</c>), and the recorder of its data flow.</summary>
public sealed class StateTest
{
    /// <summary>The mocked result or error of the state's service, Map or Parallel; null to call the real one.</summary>
    public MockedAttempt? Mock { get; init; }

    /// <summary>The retries already made by the Retry that matches the error (<c>retrierRetryCount</c>).</summary>
    public int RetrierRetryCount { get; init; }

    /// <summary>The Map iterations that failed (<c>mapIterationFailureCount</c>), checked against the tolerated failures.</summary>
    public int? MapIterationFailureCount { get; init; }

    /// <summary>The items an ItemReader reads, as found in their source (<c>mapItemReaderData</c>).</summary>
    public string? MapItemReaderData { get; init; }

    /// <summary>The context object given by the caller, laid over the one the engine builds.</summary>
    public JsonObject? Context { get; init; }

    /// <summary>What the run saw at each step of the state's data flow.</summary>
    public StateInspection Inspection { get; } = new();
}
