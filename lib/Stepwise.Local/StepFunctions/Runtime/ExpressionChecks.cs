using System.Text.Json.Nodes;
using Stepwise.Local.StepFunctions.Jsonata;
using Stepwise.Local.StepFunctions.Language;
using Stepwise.Workflows;
using Stepwise.Workflows.Asl;
using Stepwise.Workflows.Validation;

namespace Stepwise.Local.StepFunctions.Runtime;

/// <summary>The checks Step Functions makes on a definition's expressions when it is created: every path
/// (<c>InputPath</c>, <c>ResultPath</c>, <c>"x.$"</c> values…) and intrinsic function parses, ResultPath is a
/// reference path, and every <c>{% %}</c> JSONata expression compiles. The structural checks are the
/// authoring SDK's (<see cref="StateMachine.Validate(string)"/>); these need the engine's parsers.</summary>
public static class ExpressionChecks
{
    public static IReadOnlyList<Diagnostic> Check(StateMachine machine)
    {
        var diagnostics = new List<Diagnostic>();
        Walk(machine, "/States", machine.QueryLanguage ?? QueryLanguage.JSONPath, diagnostics);
        return diagnostics;
    }

    private static void Walk(StateMachine machine, string at, QueryLanguage inherited, List<Diagnostic> diagnostics)
    {
        var language = machine.QueryLanguage ?? inherited;
        foreach (var state in machine.States)
        {
            var location = $"{at}/{state.Name}";
            var stateLanguage = state.QueryLanguage ?? language;
            foreach (var (name, value) in state.JsonPathFields())
            {
                var field = $"{location}/{name}";
                if (value is JsonPath { Value: { } path }) CheckPath(path, name == "ResultPath", field, diagnostics);
                else if (value is string text) CheckPath(text, false, field, diagnostics);
                else if (value is JsonNode template) CheckTemplate(template, stateLanguage, field, diagnostics);
            }
            foreach (var (name, value) in state.JsonataFields()) CheckTemplate(value, stateLanguage, $"{location}/{name}", diagnostics);
            CheckTemplate(state.Assign, stateLanguage, $"{location}/Assign", diagnostics);
            if (state is MapState map) CheckTemplate(map.ItemSelector, stateLanguage, $"{location}/ItemSelector", diagnostics);
            if (state is ChoiceState choice)
            {
                foreach (var (candidate, index) in choice.Choices.Select((c, i) => (c, i)))
                {
                    CheckRule(candidate.Rule, stateLanguage, $"{location}/Choices[{index}]", diagnostics);
                    CheckTemplate(candidate.Assign, stateLanguage, $"{location}/Choices[{index}]/Assign", diagnostics);
                    CheckTemplate(candidate.Output, stateLanguage, $"{location}/Choices[{index}]/Output", diagnostics);
                }
            }
            foreach (var (catcher, index) in state.Catchers().Select((c, i) => (c, i)))
            {
                CheckPath(catcher.ResultPath?.Value, true, $"{location}/Catch[{index}]/ResultPath", diagnostics);
                CheckTemplate(catcher.Assign, stateLanguage, $"{location}/Catch[{index}]/Assign", diagnostics);
                CheckTemplate(catcher.Output, stateLanguage, $"{location}/Catch[{index}]/Output", diagnostics);
            }
            foreach (var (child, index) in state.Children().Select((c, i) => (c, i)))
                Walk(child, state is MapState ? $"{location}/ItemProcessor/States" : $"{location}/Branches[{index}]/States", stateLanguage, diagnostics);
        }
    }

    private static void CheckRule(ChoiceRule rule, QueryLanguage language, string at, List<Diagnostic> diagnostics)
    {
        switch (rule)
        {
            case AndRule and:
                foreach (var r in and.Rules) CheckRule(r, language, at, diagnostics);
                break;
            case OrRule or:
                foreach (var r in or.Rules) CheckRule(r, language, at, diagnostics);
                break;
            case NotRule not:
                CheckRule(not.Rule, language, at, diagnostics);
                break;
            case ConditionRule condition:
                CheckJsonata(condition.Expression, $"{at}/Condition", diagnostics);
                break;
            case ComparisonRule comparison:
                CheckPath(comparison.Variable, false, $"{at}/Variable", diagnostics);
                if (comparison.Operator.EndsWith("Path", StringComparison.Ordinal) && comparison.Value is JsonValue v && v.TryGetValue<string>(out var path))
                    CheckPath(path, false, $"{at}/{comparison.Operator}", diagnostics);
                break;
        }
    }

    private static void CheckPath(string? path, bool reference, string at, List<Diagnostic> diagnostics)
    {
        if (path is null) return;
        // A Fail state's ErrorPath and CausePath may be intrinsic functions, as on AWS.
        if (Field(at) is "ErrorPath" or "CausePath" && path.StartsWith("States.", StringComparison.Ordinal))
        {
            CheckIntrinsic(path, at, diagnostics);
            return;
        }
        try
        {
            var scoped = ScopedPath.Parse(path);
            if (reference && !JsonPathExpression.Parse(path).IsReferencePath)
                diagnostics.Add(new Diagnostic(DiagnosticCodes.Schema, $"The value for the field '{Field(at)}' must be a valid Reference Path: '{path}'", at));
            _ = scoped;
        }
        catch (FormatException error)
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.Schema, $"The value for the field '{Field(at)}' must be a valid JSONPath: {error.Message}", at));
        }
    }

    private static void CheckTemplate(JsonNode? template, QueryLanguage language, string at, List<Diagnostic> diagnostics)
    {
        switch (template)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (language == QueryLanguage.JSONPath && PayloadTemplate.IsDynamicKey(key) && value is JsonValue v && v.TryGetValue<string>(out var text))
                    {
                        if (IntrinsicFunctions.IsIntrinsic(text)) CheckIntrinsic(text, $"{at}/{key}", diagnostics);
                        else CheckPath(text, false, $"{at}/{key}", diagnostics);
                    }
                    else CheckTemplate(value, language, $"{at}/{key}", diagnostics);
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++) CheckTemplate(array[i], language, $"{at}[{i}]", diagnostics);
                break;
            case JsonValue value when language == QueryLanguage.JSONata && value.TryGetValue<string>(out var expression):
                CheckJsonata(expression, at, diagnostics);
                break;
        }
    }

    private static void CheckIntrinsic(string text, string at, List<Diagnostic> diagnostics)
    {
        try
        {
            IntrinsicFunctions.Parse(text);
        }
        catch (FormatException error)
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.Schema, $"The value for the field '{Field(at)}' must be a valid intrinsic function: {error.Message}", at));
        }
    }

    private static void CheckJsonata(string text, string at, List<Diagnostic> diagnostics)
    {
        if (!JsonataTemplate.TryGetExpression(text, out var expression)) return;
        try
        {
            JsonataEvaluator.Shared.Check(expression);
        }
        catch (FormatException error)
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.Schema, $"The JSONata expression '{expression}' in the field '{Field(at)}' is invalid: {error.Message}", at));
        }
    }

    private static string Field(string at) => at[(at.LastIndexOf('/') + 1)..];
}
