using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Local.StepFunctions.Runtime;
using Stepwise.Aws.StepFunctions;
using Stepwise.Workflows.Asl;

namespace Stepwise.Local.StepFunctions;

public sealed partial class LocalStepFunctions
{
    /// <summary>TestState: runs one state on an input and reports its output and next state, with nothing stored.</summary>
    public async Task<TestStateOutput> TestStateAsync(TestStateInput input, CancellationToken cancellationToken = default)
    {
        JsonObject state;
        try
        {
            state = JsonNode.Parse(input.Definition) as JsonObject ?? throw new JsonException("The definition must be a JSON object.");
        }
        catch (JsonException error)
        {
            throw StepFunctionsException.InvalidDefinition($"Invalid State Machine Definition: '{error.Message}'");
        }

        var machine = SingleStateMachine(state, input.StateName);
        var executionInput = CheckInput(input.Input);
        JsonObject? variables;
        try
        {
            variables = input.Variables is null ? null
                : JsonNode.Parse(input.Variables) as JsonObject ?? throw new JsonException("The variables must be a JSON object.");
        }
        catch (JsonException error)
        {
            throw StepFunctionsException.Validation($"Invalid variables: {error.Message}");
        }
        var start = new ExecutionStart($"arn:aws:states:{_options.Region}:{_options.Account}:execution:TestState:{Guid.NewGuid()}", "TestState",
            $"arn:aws:states:{_options.Region}:{_options.Account}:stateMachine:TestState", "TestState",
            input.RoleArn ?? $"arn:aws:iam::{_options.Account}:role/TestState", machine, executionInput, _options.Clock.UtcNow);
        var result = await _engine.TestStateAsync(start, variables, cancellationToken).ConfigureAwait(false);
        return new TestStateOutput
        {
            Status = result.Error is null ? "SUCCEEDED" : result.Caught ? "CAUGHT_ERROR" : "FAILED",
            Output = result.Output,
            NextState = result.Next,
            Error = result.Error,
            Cause = result.Cause,
        };
    }

    /// <summary>A state machine of the tested state alone, its transition targets stood in by Succeed states.</summary>
    private static StateMachine SingleStateMachine(JsonObject state, string? stateName)
    {
        var name = stateName ?? "TestState";
        var targets = new HashSet<string>(StringComparer.Ordinal);
        void Collect(JsonNode? node, string key)
        {
            if (node is JsonObject obj && obj[key] is JsonValue value && value.TryGetValue<string>(out var target)) targets.Add(target);
        }
        Collect(state, "Next");
        Collect(state, "Default");
        foreach (var choice in state["Choices"] as JsonArray ?? []) Collect(choice, "Next");
        foreach (var catcher in state["Catch"] as JsonArray ?? []) Collect(catcher, "Next");
        targets.Remove(name);

        var states = new JsonObject { [name] = state.DeepClone() };
        foreach (var target in targets) states[target] = new JsonObject { ["Type"] = "Succeed" };
        var definition = new JsonObject { ["StartAt"] = name, ["States"] = states };
        try
        {
            return StateMachine.FromJson(definition.ToJsonString());
        }
        catch (Workflows.Validation.InvalidDefinitionException error)
        {
            throw StepFunctionsException.InvalidDefinition($"Invalid State Machine Definition: '{error.Message}'");
        }
    }
}
