using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Workflows.Asl;
using Stepwise.Workflows.Serialization;

namespace Stepwise.Workflows.Validation;

/// <summary>The semantic checks Step Functions makes before it accepts a definition: names, transitions,
/// reachability, terminal states, field combinations and value ranges, and query-language rules.</summary>
public static class DefinitionValidator
{
    /// <summary>Maximum length of a state name.</summary>
    public const int MaxStateNameLength = 80;

    /// <summary>Every problem in the definition (empty when it is valid).</summary>
    public static IReadOnlyList<Diagnostic> Validate(StateMachine machine)
    {
        var context = new Context(machine.QueryLanguage ?? QueryLanguage.JSONPath);
        CheckNames(machine, context);
        if (machine.TimeoutSeconds is <= 0 or > 31_622_400)
            context.Schema("The value for the field 'TimeoutSeconds' must be between 1 and 31622400", "/TimeoutSeconds");
        CheckMachine(machine, "", context, context.TopLanguage);
        return context.Diagnostics;
    }

    private sealed class Context(QueryLanguage top)
    {
        public QueryLanguage TopLanguage { get; } = top;

        public List<Diagnostic> Diagnostics { get; } = [];

        public void Add(string code, string message, string at) => Diagnostics.Add(new Diagnostic(code, message, at.Length == 0 ? "/" : at));

        public void Schema(string message, string at) => Add(DiagnosticCodes.Schema, message, at);
    }

    private static void CheckNames(StateMachine machine, Context context)
    {
        var seen = new Dictionary<string, string>();
        Walk(machine, "");

        void Walk(StateMachine m, string at)
        {
            foreach (var state in m.States)
            {
                var sat = $"{at}/States/{state.Name}";
                if (!seen.TryAdd(state.Name, sat))
                    context.Add(DiagnosticCodes.DuplicateName, $"Duplicate State name: '{state.Name}' (also at {seen[state.Name]})", sat);
                if (state.Name.Length > MaxStateNameLength)
                    context.Schema($"State name '{Shorten(state.Name)}' is {state.Name.Length} characters; the maximum is {MaxStateNameLength}", sat);
                if (state.Name.Length == 0)
                    context.Schema("State names must not be empty", sat);
                if (state.Name.Any(char.IsControl))
                    context.Schema($"State name '{Shorten(state.Name)}' contains control characters", sat);
                foreach (var (child, location) in ChildrenAt(state, sat)) Walk(child, location);
            }
        }
    }

    /// <summary>The nested machines of a state with their locations (Branches[i], ItemProcessor or Iterator).</summary>
    private static IEnumerable<(StateMachine Child, string Location)> ChildrenAt(State state, string at) =>
        state.Children().Select((child, i) => (child, ChildLocation(state, at, i)));

    private static string ChildLocation(State state, string at, int index) => state switch
    {
        ParallelState => $"{at}/Branches[{index}]",
        MapState { UsesIterator: true } => $"{at}/Iterator",
        _ => $"{at}/ItemProcessor",
    };

    private static void CheckMachine(StateMachine machine, string at, Context context, QueryLanguage inherited)
    {
        var language = machine.QueryLanguage ?? inherited;
        if (machine.States.Length == 0)
        {
            context.Schema("The field 'States' must contain at least one state", $"{at}/States");
            return;
        }

        var names = machine.States.Select(s => s.Name).ToHashSet();
        if (!names.Contains(machine.StartAt))
            context.Add(DiagnosticCodes.MissingTarget, $"Missing 'StartAt' target: {machine.StartAt}", $"{at}/StartAt");

        foreach (var state in machine.States)
        {
            var sat = $"{at}/States/{state.Name}";
            var stateLanguage = state.QueryLanguage ?? language;
            if (context.TopLanguage == QueryLanguage.JSONata && state.QueryLanguage == QueryLanguage.JSONPath)
                context.Schema("A state cannot use JSONPath when the state machine's QueryLanguage is JSONata", $"{sat}/QueryLanguage");
            CheckTransitions(state, names, sat, context);
            CheckFields(state, sat, context, stateLanguage);
            foreach (var (child, location) in ChildrenAt(state, sat)) CheckMachine(child, location, context, stateLanguage);
        }

        CheckReachability(machine, at, context);
        if (!machine.States.Any(s => s.End || s.IsTerminalType))
            context.Add(DiagnosticCodes.NoTerminalState, "No state ends the state machine: add \"End\": true, a Succeed or a Fail state",
                $"{at}/States");
    }

    private static void CheckTransitions(State state, HashSet<string> names, string at, Context context)
    {
        if (state.HasNoTransition)
        {
            if (state.Next is not null) context.Schema($"The field 'Next' is not supported by a {state.Type} state", $"{at}/Next");
            if (state.End) context.Schema($"The field 'End' is not supported by a {state.Type} state", $"{at}/End");
        }
        else if (state.Next is not null && state.End)
        {
            context.Schema($"State '{state.Name}' has both 'Next' and 'End'; exactly one is required", at);
        }
        else if (state.Next is null && !state.End)
        {
            context.Schema($"State '{state.Name}' needs 'Next' or \"End\": true", at);
        }

        foreach (var t in state.Transitions())
        {
            if (names.Contains(t.Target)) continue;
            var field = t.Kind switch
            {
                TransitionKind.Next => "/Next",
                TransitionKind.Default => "/Default",
                TransitionKind.Choice => $"/Choices[{((ChoiceState)state).Choices.IndexOf((Choice)t.Source!)}]/Next",
                _ => $"/Catch[{state.Catchers().IndexOf((Catcher)t.Source!)}]/Next",
            };
            context.Add(DiagnosticCodes.MissingTarget, $"Missing '{(t.Kind == TransitionKind.Default ? "Default" : "Next")}' target: {t.Target}", at + field);
        }
    }

    private static void CheckReachability(StateMachine machine, string at, Context context)
    {
        var reached = new HashSet<string>();
        var pending = new Stack<string>();
        pending.Push(machine.StartAt);
        while (pending.Count > 0)
        {
            var name = pending.Pop();
            if (!reached.Add(name) || !machine.TryGetState(name, out var state)) continue;
            foreach (var t in state.Transitions()) pending.Push(t.Target);
        }

        foreach (var state in machine.States.Where(s => !reached.Contains(s.Name)))
            context.Add(DiagnosticCodes.Unreachable, $"State '{state.Name}' is not reachable", $"{at}/States/{state.Name}");
    }

    private static void CheckFields(State state, string at, Context context, QueryLanguage language)
    {
        CheckLanguageFields(state, at, context, language);
        switch (state)
        {
            case TaskState task:
                // A missing Resource is reported by the reader ("These fields are required"); here only its form.
                if (task.Resource.Length > 0 && !task.Resource.StartsWith("arn:", StringComparison.Ordinal) && !IsExpression(task.Resource))
                    context.Schema($"The value for the field 'Resource' must be an ARN, but was '{task.Resource}'", $"{at}/Resource");
                if (task.Credentials is not null) CheckCredentials(task.Credentials, $"{at}/Credentials", context);
                OneOf(task.TimeoutSeconds, task.TimeoutSecondsPath, "TimeoutSeconds", at, context);
                OneOf(task.HeartbeatSeconds, task.HeartbeatSecondsPath, "HeartbeatSeconds", at, context);
                var timeout = PositiveInteger(task.TimeoutSeconds, "TimeoutSeconds", at, context);
                var heartbeat = PositiveInteger(task.HeartbeatSeconds, "HeartbeatSeconds", at, context);
                if (timeout is not null && heartbeat is not null && heartbeat >= timeout)
                    context.Schema("HeartbeatSeconds must be smaller than TimeoutSeconds", $"{at}/HeartbeatSeconds");
                break;
            case ChoiceState choice:
                if (choice.Choices.Length == 0) context.Schema("The field 'Choices' must contain at least one choice rule", $"{at}/Choices");
                for (var i = 0; i < choice.Choices.Length; i++) CheckRule(choice.Choices[i].Rule, $"{at}/Choices[{i}]", context, language);
                break;
            case WaitState wait:
                var set = new[] { wait.Seconds is not null, wait.Timestamp is not null, wait.SecondsPath is not null, wait.TimestampPath is not null }.Count(x => x);
                if (set != 1)
                    context.Schema("A Wait state must contain exactly one of 'Seconds', 'Timestamp', 'SecondsPath' or 'TimestampPath'", at);
                if (wait.Seconds is not null && !IsExpression(wait.Seconds) && NonNegativeInteger(wait.Seconds) is null)
                    context.Schema("The value for the field 'Seconds' must be a non-negative INTEGER", $"{at}/Seconds");
                if (wait.Timestamp is JsonValue ts && !IsExpression(ts) &&
                    (ts.GetValueKind() != JsonValueKind.String || !Timestamps.IsValid(ts.GetValue<string>())))
                    context.Schema("The value for the field 'Timestamp' must be an RFC 3339 timestamp, e.g. 2026-01-01T00:00:00Z", $"{at}/Timestamp");
                break;
            case FailState fail:
                if (fail.Error is not null && fail.ErrorPath is not null) context.Schema("Only one of 'Error' or 'ErrorPath' can be provided", at);
                if (fail.Cause is not null && fail.CausePath is not null) context.Schema("Only one of 'Cause' or 'CausePath' can be provided", at);
                break;
            case MapState map:
                OneOf(map.MaxConcurrency, map.MaxConcurrencyPath, "MaxConcurrency", at, context);
                if (map.MaxConcurrency is not null && !IsExpression(map.MaxConcurrency) && NonNegativeInteger(map.MaxConcurrency) is null)
                    context.Schema("The value for the field 'MaxConcurrency' must be a non-negative INTEGER", $"{at}/MaxConcurrency");
                if (map.ToleratedFailurePercentage is JsonValue pct && !IsExpression(pct) &&
                    JsonNumbers.AsDouble(pct) is not (>= 0 and <= 100))
                    context.Schema("The value for the field 'ToleratedFailurePercentage' must be a number between 0 and 100", $"{at}/ToleratedFailurePercentage");
                if (map.ToleratedFailureCount is not null && !IsExpression(map.ToleratedFailureCount) && NonNegativeInteger(map.ToleratedFailureCount) is null)
                    context.Schema("The value for the field 'ToleratedFailureCount' must be a non-negative INTEGER", $"{at}/ToleratedFailureCount");
                if (map.ProcessorConfig is { } config)
                {
                    if (config.Mode is not ("INLINE" or "DISTRIBUTED"))
                        context.Schema($"The value for the field 'Mode' must be INLINE or DISTRIBUTED, but was '{config.Mode}'", $"{at}/ItemProcessor/ProcessorConfig/Mode");
                    if (config.ExecutionType is not (null or "STANDARD" or "EXPRESS"))
                        context.Schema($"The value for the field 'ExecutionType' must be STANDARD or EXPRESS, but was '{config.ExecutionType}'", $"{at}/ItemProcessor/ProcessorConfig/ExecutionType");
                    if (config.Mode == "DISTRIBUTED" && config.ExecutionType is null)
                        context.Schema("A DISTRIBUTED ProcessorConfig requires 'ExecutionType'", $"{at}/ItemProcessor/ProcessorConfig");
                }

                if (map.Parameters is not null && map.ItemSelector is not null)
                    context.Schema("Only one of 'Parameters' or 'ItemSelector' can be provided", at);
                if ((map.ItemReader is not null || map.ItemBatcher is not null || map.ResultWriter is not null || map.Label is not null) &&
                    map.ProcessorConfig?.Mode != "DISTRIBUTED")
                    context.Schema("ItemReader, ItemBatcher, ResultWriter and Label require ProcessorConfig Mode DISTRIBUTED", at);
                if (map.Label is { } label && !IsValidLabel(label))
                    context.Schema($"The value for the field 'Label' must be 1 to 40 characters with no whitespace, none of ? * < > {{ }} [ ] : ; , \\ | ^ ~ $ # % & ` \" and no control characters, but was '{label}'", $"{at}/Label");
                break;
        }

        var retriers = state.Retriers();
        for (var i = 0; i < retriers.Length; i++) CheckRetry(retriers[i], i == retriers.Length - 1, $"{at}/Retry[{i}]", context);
        var catchers = state.Catchers();
        for (var i = 0; i < catchers.Length; i++)
        {
            CheckErrorEquals(catchers[i].ErrorEquals, i == catchers.Length - 1, $"{at}/Catch[{i}]", context);
            if (language == QueryLanguage.JSONata && catchers[i].ResultPath is not null)
                context.Schema("The field 'ResultPath' is not supported in JSONata; use Output", $"{at}/Catch[{i}]/ResultPath");
            else if (catchers[i].ResultPath is { IsDiscard: false } rp) CheckPath(rp.Value!, "ResultPath", $"{at}/Catch[{i}]", context, reference: true);
        }
    }

    private static void CheckLanguageFields(State state, string at, Context context, QueryLanguage language)
    {
        var jsonPathFields = state.JsonPathFields();
        var jsonataFields = state.JsonataFields().Select(f => (f.Name, (object?)f.Value)).ToList();

        var (forbidden, other) = language == QueryLanguage.JSONata ? (jsonPathFields, "JSONPath") : (jsonataFields, "JSONata");
        foreach (var (name, value) in forbidden.Where(f => f.Value is not null))
            context.Schema($"The field '{name}' is a {other} field and is not supported when QueryLanguage is {language}", $"{at}/{name}");
        // An explicit "Output": null is there too, though its value is null.
        if (language == QueryLanguage.JSONPath && state is { NullOutput: true, Output: null })
            context.Schema($"The field 'Output' is a JSONata field and is not supported when QueryLanguage is {language}", $"{at}/Output");

        if (language == QueryLanguage.JSONPath)
        {
            foreach (var (name, value) in jsonPathFields)
            {
                if (value is JsonPath { IsDiscard: false } path) CheckPath(path.Value!, name, at, context, reference: name == "ResultPath");
                else if (value is string text) CheckPath(text, name, at, context, reference: true);
                else if (value is JsonNode template) CheckTemplate(template, $"{at}/{name}", context);
            }
        }
    }

    private static void CheckRule(ChoiceRule rule, string at, Context context, QueryLanguage language)
    {
        switch (rule)
        {
            case ComparisonRule c:
                if (language == QueryLanguage.JSONata)
                    context.Schema("JSONata choice rules use 'Condition'; 'Variable' comparisons are JSONPath only", at);
                if (!c.Variable.StartsWith('$')) context.Schema($"The value for the field 'Variable' must be a path starting with '$', but was '{c.Variable}'", $"{at}/Variable");
                if (!ChoiceRule.Operators.TryGetValue(c.Operator, out var kind))
                    context.Schema($"Unknown comparison operator '{c.Operator}'", at);
                else if (ChoiceRule.CheckOperand(kind, c.Value) is { } problem)
                    context.Schema($"The value for the field '{c.Operator}' is invalid: {problem}", $"{at}/{c.Operator}");
                break;
            case AndRule a:
                if (a.Rules.Length == 0) context.Schema("The field 'And' must contain at least one rule", $"{at}/And");
                for (var i = 0; i < a.Rules.Length; i++) CheckRule(a.Rules[i], $"{at}/And[{i}]", context, language);
                break;
            case OrRule o:
                if (o.Rules.Length == 0) context.Schema("The field 'Or' must contain at least one rule", $"{at}/Or");
                for (var i = 0; i < o.Rules.Length; i++) CheckRule(o.Rules[i], $"{at}/Or[{i}]", context, language);
                break;
            case NotRule n:
                CheckRule(n.Rule, $"{at}/Not", context, language);
                break;
            case ConditionRule c:
                if (language != QueryLanguage.JSONata) context.Schema("The field 'Condition' is only supported when QueryLanguage is JSONata", $"{at}/Condition");
                else if (!IsExpression(JsonValue.Create(c.Expression)) && c.Expression is not ("true" or "false"))
                    context.Schema("The value for the field 'Condition' must be a JSONata expression enclosed in {% %}", $"{at}/Condition");
                break;
        }
    }

    private static void CheckRetry(Retry retry, bool last, string at, Context context)
    {
        CheckErrorEquals(retry.ErrorEquals, last, at, context);
        if (retry.IntervalSeconds is < 1 or > 99_999_999) context.Schema("The value for the field 'IntervalSeconds' must be a positive INTEGER", $"{at}/IntervalSeconds");
        if (retry.MaxAttempts is < 0 or > 99_999_999) context.Schema("The value for the field 'MaxAttempts' must be a non-negative INTEGER", $"{at}/MaxAttempts");
        if (retry.BackoffRate is < 1.0) context.Schema("The value for the field 'BackoffRate' must be at least 1.0", $"{at}/BackoffRate");
        if (retry.MaxDelaySeconds is < 1 or > 31_622_400) context.Schema("The value for the field 'MaxDelaySeconds' must be between 1 and 31622400", $"{at}/MaxDelaySeconds");
        if (retry.JitterStrategy is not (null or "FULL" or "NONE"))
            context.Schema($"The value for the field 'JitterStrategy' must be FULL or NONE, but was '{retry.JitterStrategy}'", $"{at}/JitterStrategy");
    }

    private static void CheckErrorEquals(IReadOnlyList<string> errors, bool last, string at, Context context)
    {
        if (errors.Count == 0) context.Schema("The field 'ErrorEquals' must contain at least one error name", $"{at}/ErrorEquals");
        if (errors.Contains("States.ALL") && errors.Count > 1)
            context.Schema("'States.ALL' must appear alone in 'ErrorEquals'", $"{at}/ErrorEquals");
        if (errors.Contains("States.ALL") && !last)
            context.Schema("A retrier or catcher with 'States.ALL' must be the last one", at);
    }

    private static void CheckTemplate(JsonNode template, string at, Context context)
    {
        switch (template)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    if (key.EndsWith(".$", StringComparison.Ordinal))
                    {
                        if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
                            context.Schema($"The value for the field '{key}' must be a STRING that contains a JSONPath or an intrinsic function", $"{at}/{key}");
                        else if (v.GetValue<string>() is var text && !text.StartsWith('$') && !text.StartsWith("States.", StringComparison.Ordinal))
                            context.Schema($"The value for the field '{key}' must be a valid JSONPath or a valid intrinsic function call, but was '{text}'", $"{at}/{key}");
                    }
                    else if (value is not null) CheckTemplate(value, $"{at}/{key}", context);
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                    if (a[i] is { } item) CheckTemplate(item, $"{at}[{i}]", context);
                break;
        }
    }

    /// <summary>A distributed Map's Label as AWS allows it: 1 to 40 characters, no whitespace, none of
    /// <c>? * &lt; &gt; { } [ ] : ; , \ | ^ ~ $ # % &amp; ` "</c>, no control characters (U+0000–001F, U+007F–009F).</summary>
    internal static bool IsValidLabel(string label) =>
        label.Length is >= 1 and <= 40 && label.All(c => !char.IsWhiteSpace(c) && c is not (< '\u0020' or (>= '\u007F' and <= '\u009F'))
            && "?*<>{}[]:;,\\|^~$#%&`\"".IndexOf(c) < 0);

    /// <summary>Task Credentials: an object with RoleArn (or RoleArn.$ in JSONPath) and nothing else.</summary>
    private static void CheckCredentials(JsonNode credentials, string at, Context context)
    {
        if (credentials is not JsonObject o)
        {
            context.Schema("The value for the field 'Credentials' must be an OBJECT", at);
            return;
        }
        foreach (var (key, _) in o)
            if (key is not ("RoleArn" or "RoleArn.$")) context.Schema($"The field '{key}' is not supported by Step Functions", $"{at}/{key}");
        if (!o.ContainsKey("RoleArn") && !o.ContainsKey("RoleArn.$")) context.Schema("These fields are required: [RoleArn]", at);
    }

    private static void CheckPath(string path, string field, string at, Context context, bool reference)
    {
        // Fail's ErrorPath and CausePath may be intrinsic functions (States.Format(...)), as on AWS.
        if (field is "ErrorPath" or "CausePath" && path.StartsWith("States.", StringComparison.Ordinal)) return;
        if (!path.StartsWith('$'))
            context.Schema($"The value for the field '{field}' must be a valid JSONPath starting with '$', but was '{path}'", $"{at}/{field}");
        else if (reference && (path.Contains('*') || path.Contains("..") || path.Contains("?(") || path.Contains(':') && path.Contains('[')))
            context.Schema($"The value for the field '{field}' must be a Reference Path (no wildcards, filters or slices), but was '{path}'", $"{at}/{field}");
    }

    private static void OneOf(object? value, string? path, string field, string at, Context context)
    {
        if (value is not null && path is not null) context.Schema($"Only one of '{field}' or '{field}Path' can be provided", at);
    }

    private static int? PositiveInteger(JsonNode? node, string field, string at, Context context)
    {
        if (node is null || IsExpression(node)) return null;
        var value = NonNegativeInteger(node);
        if (value is null or 0)
        {
            context.Schema($"The value for the field '{field}' must be a positive INTEGER", $"{at}/{field}");
            return null;
        }

        return value;
    }

    private static int? NonNegativeInteger(JsonNode node) =>
        JsonNumbers.AsInteger(node) is { } n && n >= 0 && n <= int.MaxValue ? (int)n : null;

    /// <summary>True for a JSONata expression string <c>{% … %}</c>.</summary>
    internal static bool IsExpression(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String && IsExpression(v.GetValue<string>());

    private static bool IsExpression(string text) => text.StartsWith("{%", StringComparison.Ordinal) && text.EndsWith("%}", StringComparison.Ordinal);

    private static string Shorten(string name) => name.Length > 40 ? name[..37] + "..." : name;
}
