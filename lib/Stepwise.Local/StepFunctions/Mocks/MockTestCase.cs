using System.Collections.Immutable;

namespace Stepwise.Local.StepFunctions.Mocks;

/// <summary>One test case of a state machine: the Task states it mocks, by name; every other state calls its service.</summary>
public sealed class MockTestCase
{
    internal MockTestCase(string name, ImmutableDictionary<string, MockedResponse> states)
    {
        Name = name;
        States = states;
    }

    /// <summary>The name that follows <c>#</c> in the state machine ARN given to StartExecution.</summary>
    public string Name { get; }

    /// <summary>The mocked response of each mocked state.</summary>
    public IReadOnlyDictionary<string, MockedResponse> States { get; }

    internal MockTestCase With(string stateName, MockedResponse response) =>
        new(Name, ((ImmutableDictionary<string, MockedResponse>)States).SetItem(stateName, response));
}
