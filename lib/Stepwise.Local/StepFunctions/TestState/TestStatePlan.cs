using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Aws.StepFunctions;
using Stepwise.Local.StepFunctions.Mocks;
using Stepwise.Workflows.Asl;

namespace Stepwise.Local.StepFunctions.TestState;

/// <summary>A TestState request checked as AWS checks it: the state to run (alone, or picked by <c>stateName</c> from a
/// whole definition) as a one-state machine, and the <see cref="StateTest"/> it runs under.</summary>
/// <param name="Machine">The tested state as the start of a machine whose other states are stand-ins.</param>
/// <param name="StateName">The tested state's name (<c>TestState</c> when the definition is the state alone).</param>
/// <param name="Test">The mock, state configuration, context and inspection of the run.</param>
/// <param name="Variables">The variables the state starts with.</param>
/// <param name="InspectionLevel">INFO, DEBUG or TRACE.</param>
public sealed record TestStatePlan(StateMachine Machine, string StateName, StateTest Test, JsonObject? Variables, string InspectionLevel)
{
    private const string DefaultStateName = "TestState";

    /// <summary>Checks <paramref name="input"/> (its input payload is checked by the caller) and plans its run.</summary>
    public static TestStatePlan From(TestStateInput input)
    {
        var definition = ParseObject(input.Definition, error => StepFunctionsException.InvalidDefinition($"Invalid State Machine Definition: '{error}'"));
        var (state, name, language) = Select(definition, input.StateName);
        var level = input.InspectionLevel ?? Aws.StepFunctions.InspectionLevel.Info;
        if (!Aws.StepFunctions.InspectionLevel.Values.Contains(level))
            throw Enum("inspectionLevel", level, Aws.StepFunctions.InspectionLevel.Values);

        var type = (state["Type"] as JsonValue)?.TryGetValue<string>(out var t) == true ? t : null;
        var mock = CheckMock(input, state, type);
        var context = input.Context is null ? null
            : mock is null ? throw TestStateErrors.ContextWithoutMock()
            : ParseObject(input.Context, _ => TestStateErrors.JsonObjectRequired("context"));
        var variables = input.Variables is null ? null
            : ParseObject(input.Variables, error => StepFunctionsException.Validation($"Invalid variables: {error}"));
        var configuration = input.StateConfiguration;
        CheckConfiguration(configuration, state, type, name, input.Mock);

        var test = new StateTest
        {
            Mock = mock,
            Context = context,
            RetrierRetryCount = configuration?.RetrierRetryCount ?? 0,
            MapIterationFailureCount = configuration?.MapIterationFailureCount,
            MapItemReaderData = configuration?.MapItemReaderData,
        };
        return new TestStatePlan(SingleStateMachine(state, name, language), name, test, variables, level);
    }

    /// <summary>The tested state: the definition itself, or with <c>stateName</c> the state of that name anywhere in the
    /// machine (a branch or an item processor included), with the query language it inherits.</summary>
    private static (JsonObject State, string Name, JsonNode? Language) Select(JsonObject definition, string? stateName)
    {
        if (stateName is null) return (definition, DefaultStateName, null);
        if (definition["States"] is not JsonObject) throw TestStateErrors.StateNameWithoutMachine();
        return Find(definition, stateName, definition["QueryLanguage"]) ?? throw TestStateErrors.StateNotFound(stateName);
    }

    private static (JsonObject, string, JsonNode?)? Find(JsonObject machine, string stateName, JsonNode? language)
    {
        language = machine["QueryLanguage"] ?? language;
        if (machine["States"] is not JsonObject states) return null;
        foreach (var (name, node) in states)
        {
            if (node is not JsonObject state) continue;
            if (name == stateName) return (state, name, language);
            var inner = state["QueryLanguage"] ?? language;
            foreach (var branch in state["Branches"] as JsonArray ?? [])
                if (branch is JsonObject b && Find(b, stateName, inner) is { } found) return found;
            foreach (var key in (string[])["ItemProcessor", "Iterator"])
                if (state[key] is JsonObject processor && Find(processor, stateName, inner) is { } found) return found;
        }
        return null;
    }

    private static MockedAttempt? CheckMock(TestStateInput input, JsonObject state, string? type)
    {
        var resource = (state["Resource"] as JsonValue)?.TryGetValue<string>(out var r) == true ? r : null;
        if (input.Mock is not { } mock)
        {
            if (type is "Map" or "Parallel") throw TestStateErrors.MapOrParallelWithoutMock();
            if (type == "Task" && resource is not null && (resource.Contains(":activity:", StringComparison.Ordinal)
                || resource.EndsWith(".sync", StringComparison.Ordinal) || resource.EndsWith(".sync:2", StringComparison.Ordinal)
                || resource.EndsWith(".waitForTaskToken", StringComparison.Ordinal)))
                throw TestStateErrors.PatternWithoutMock(resource);
            return null;
        }
        if (type is not ("Task" or "Map" or "Parallel")) throw TestStateErrors.MockOnUnsupportedState(type ?? "null");
        if ((mock.Result is null) == (mock.ErrorOutput is null)) throw TestStateErrors.MockWithResultAndError();
        if (input.RevealSecrets == true) throw TestStateErrors.MockWithRevealSecrets();
        var mode = (mock.FieldValidationMode ?? MockResponseValidationMode.Strict) switch
        {
            MockResponseValidationMode.Strict => FieldValidationMode.Strict,
            MockResponseValidationMode.Present => FieldValidationMode.Present,
            MockResponseValidationMode.None => FieldValidationMode.None,
            var other => throw Enum("mock.fieldValidationMode", other, MockResponseValidationMode.Values),
        };
        if (mock.ErrorOutput is { } error)
            return MockedAttempt.Throw(error.Error ?? throw TestStateErrors.MockErrorWithoutError(), error.Cause);

        JsonNode? result;
        try
        {
            result = JsonNode.Parse(mock.Result!);
        }
        catch (JsonException)
        {
            throw TestStateErrors.MockedResultNotJson();
        }
        switch (type)
        {
            case "Map" when state["ResultWriter"] is not null:
                if (result is not JsonObject) throw TestStateErrors.MockedResultNotObject();
                break;
            case "Map":
                if (result is not JsonArray) throw TestStateErrors.MockedResultNotArray();
                break;
            case "Parallel":
                if (result is not JsonArray branches) throw TestStateErrors.MockedResultNotArray();
                if (branches.Count != (state["Branches"] as JsonArray)?.Count) throw TestStateErrors.MockedResultBranchCount();
                break;
            default:
                if (resource is not null && IntegrationResponseShapes.For(resource) is { } shape) MockResultValidator.Check(result, shape, mode);
                break;
        }
        return MockedAttempt.Return(result);
    }

    /// <summary>The <c>stateConfiguration</c> members apply only where the model says they do.</summary>
    private static void CheckConfiguration(TestStateConfiguration? configuration, JsonObject state, string? type, string name, MockInput? mock)
    {
        if (configuration is null) return;
        var problems = new List<string>();
        if (configuration.RetrierRetryCount is < 0) problems.Add(AtLeastZero("stateConfiguration.retrierRetryCount", configuration.RetrierRetryCount.Value));
        if (configuration.MapIterationFailureCount is < 0) problems.Add(AtLeastZero("stateConfiguration.mapIterationFailureCount", configuration.MapIterationFailureCount.Value));
        if (problems.Count > 0) throw StepFunctionsException.Validation(problems);

        if (configuration.RetrierRetryCount is not null && type is not ("Task" or "Map" or "Parallel"))
            throw TestStateErrors.ConfigurationNotApplicable("retrierRetryCount", "applies only to Task, Map and Parallel states, which can retry.");
        if (configuration.MapIterationFailureCount is not null && type != "Map")
            throw TestStateErrors.ConfigurationNotApplicable("mapIterationFailureCount", "applies only to Map states.");
        if (configuration.MapItemReaderData is not null && (type != "Map" || state["ItemReader"] is null))
            throw TestStateErrors.ConfigurationNotApplicable("mapItemReaderData", "applies only to Map states with an ItemReader.");
        if (configuration.ErrorCausedByState is { } causedBy)
        {
            if (type is not ("Map" or "Parallel") || mock?.ErrorOutput is null)
                throw TestStateErrors.ConfigurationNotApplicable("errorCausedByState", "applies only to a Map or Parallel state whose mock is an errorOutput.");
            if (causedBy != name && !Nested(state).Contains(causedBy))
                throw TestStateErrors.ConfigurationNotApplicable("errorCausedByState", $"must name a state of the tested state's branches or item processor, but '{causedBy}' is not one.");
        }
    }

    /// <summary>The names of the states inside a Map's item processor or a Parallel's branches, at any depth.</summary>
    private static HashSet<string> Nested(JsonObject state)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        void Walk(JsonNode? machine)
        {
            if (machine?["States"] is not JsonObject states) return;
            foreach (var (name, inner) in states)
            {
                names.Add(name);
                if (inner is not JsonObject s) continue;
                foreach (var branch in s["Branches"] as JsonArray ?? []) Walk(branch);
                Walk(s["ItemProcessor"]);
                Walk(s["Iterator"]);
            }
        }
        foreach (var branch in state["Branches"] as JsonArray ?? []) Walk(branch);
        Walk(state["ItemProcessor"]);
        Walk(state["Iterator"]);
        return names;
    }

    /// <summary>A state machine of the tested state alone, its transition targets stood in by Succeed states.</summary>
    private static StateMachine SingleStateMachine(JsonObject state, string name, JsonNode? language)
    {
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
        if (language is not null) definition["QueryLanguage"] = language.DeepClone();
        try
        {
            return StateMachine.FromJson(definition.ToJsonString());
        }
        catch (Workflows.Validation.InvalidDefinitionException error)
        {
            throw StepFunctionsException.InvalidDefinition($"Invalid State Machine Definition: '{error.Message}'");
        }
    }

    private static JsonObject ParseObject(string text, Func<string, StepFunctionsException> refuse)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw refuse("The value must be a JSON object.");
        }
        catch (JsonException error)
        {
            throw refuse(error.Message);
        }
    }

    private static string AtLeastZero(string member, int value) =>
        $"Value '{value}' at '{member}' failed to satisfy constraint: Member must have value greater than or equal to 0";

    private static StepFunctionsException Enum(string member, string value, IReadOnlyList<string> values) =>
        StepFunctionsException.Validation([$"Value '{value}' at '{member}' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", values)}]"]);
}
