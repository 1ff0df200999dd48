using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Workflows.Asl;
using Stepwise.Workflows.Validation;

namespace Stepwise.Workflows.Serialization;

/// <summary>Reads ASL JSON into the object model, collecting every shape problem (unknown or missing fields,
/// wrong JSON types) as <c>SCHEMA_VALIDATION_FAILED</c> diagnostics instead of stopping at the first.</summary>
public sealed class AslReader
{
    private static readonly string[] Common = ["Type", "Comment", "QueryLanguage"];
    private static readonly string[] Flow = ["InputPath", "OutputPath", "Output", "Assign", "Next", "End"];
    private static readonly string[] Errors = ["Retry", "Catch", "ResultSelector", "ResultPath"];

    private static readonly Dictionary<string, HashSet<string>> AllowedFields = new()
    {
        ["Pass"] = [.. Common, .. Flow, "Parameters", "Result", "ResultPath"],
        ["Task"] = [.. Common, .. Flow, .. Errors, "Resource", "Parameters", "Arguments", "TimeoutSeconds", "TimeoutSecondsPath",
            "HeartbeatSeconds", "HeartbeatSecondsPath", "Credentials"],
        ["Choice"] = [.. Common, "InputPath", "OutputPath", "Output", "Assign", "Choices", "Default"],
        ["Wait"] = [.. Common, .. Flow, "Seconds", "Timestamp", "SecondsPath", "TimestampPath"],
        ["Succeed"] = [.. Common, "InputPath", "OutputPath", "Output"],
        ["Fail"] = [.. Common, "Error", "Cause", "ErrorPath", "CausePath"],
        ["Parallel"] = [.. Common, .. Flow, .. Errors, "Branches", "Parameters", "Arguments"],
        ["Map"] = [.. Common, .. Flow, .. Errors, "ItemProcessor", "Iterator", "ItemsPath", "Items", "ItemSelector", "Parameters",
            "MaxConcurrency", "MaxConcurrencyPath", "ToleratedFailureCount", "ToleratedFailureCountPath", "ToleratedFailurePercentage",
            "ToleratedFailurePercentagePath", "ItemReader", "ItemBatcher", "ResultWriter", "Label"],
    };

    private readonly List<Diagnostic> _diagnostics = [];

    private AslReader() { }

    /// <summary>The state types ASL defines.</summary>
    public static IReadOnlyCollection<string> StateTypes => AllowedFields.Keys;

    /// <summary>Reads ASL text. The machine is null only when the text is not a JSON object with StartAt and States.</summary>
    public static (StateMachine? Machine, IReadOnlyList<Diagnostic> Diagnostics) Read(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            return (null, [new Diagnostic(DiagnosticCodes.InvalidJson, e.Message, "/")]);
        }

        return Read(root);
    }

    /// <summary>Reads an ASL JSON tree.</summary>
    public static (StateMachine? Machine, IReadOnlyList<Diagnostic> Diagnostics) Read(JsonNode? root)
    {
        var reader = new AslReader();
        var machine = reader.ReadMachine(root, "", MachineKind.TopLevel);
        return (machine, reader._diagnostics);
    }

    private enum MachineKind { TopLevel, Branch, ItemProcessor, Iterator }

    private StateMachine? ReadMachine(JsonNode? node, string at, MachineKind kind)
    {
        var where = at.Length == 0 ? "/" : at;
        if (node is not JsonObject o)
        {
            Schema($"The value must be a JSON object with StartAt and States", where);
            return null;
        }

        HashSet<string> allowed = kind switch
        {
            MachineKind.TopLevel => ["StartAt", "States", "Comment", "Version", "TimeoutSeconds", "QueryLanguage"],
            // The legacy Iterator takes a ProcessorConfig too (AWS accepts it there).
            MachineKind.ItemProcessor or MachineKind.Iterator => ["StartAt", "States", "Comment", "ProcessorConfig", "QueryLanguage"],
            _ => ["StartAt", "States", "Comment", "QueryLanguage"],
        };
        Unknown(o, allowed, where);
        Required(o, where, "StartAt", "States");
        var startAt = String(o, "StartAt", at);
        var states = ImmutableArray.CreateBuilder<State>();
        if (o["States"] is JsonObject statesObject)
        {
            foreach (var (name, value) in statesObject)
                if (ReadState(name, value, $"{at}/States/{name}") is { } state) states.Add(state);
        }
        else if (o.ContainsKey("States"))
        {
            Schema("The value for the field 'States' must be an OBJECT", $"{at}/States");
        }

        if (!o.ContainsKey("StartAt") || !o.ContainsKey("States")) return null;
        return new StateMachine(startAt ?? "", states.ToImmutable())
        {
            Comment = String(o, "Comment", at),
            Version = String(o, "Version", at),
            TimeoutSeconds = Int(o, "TimeoutSeconds", at),
            QueryLanguage = Language(o, at),
        };
    }

    private State? ReadState(string name, JsonNode? node, string at)
    {
        if (node is not JsonObject o)
        {
            Schema("The value for a state must be an OBJECT", at);
            return null;
        }

        Required(o, at, "Type");
        var type = String(o, "Type", at);
        if (type is null) return null;
        if (!AllowedFields.TryGetValue(type, out var allowed))
        {
            Schema($"The value for the field 'Type' must be one of: [{string.Join(", ", AllowedFields.Keys)}], but was '{type}'", $"{at}/Type");
            return null;
        }

        Unknown(o, allowed, at);
        State? state = type switch
        {
            "Pass" => new PassState(name)
            {
                Parameters = Node(o, "Parameters"),
                Result = Node(o, "Result"),
                ResultPath = Path(o, "ResultPath", at),
            },
            "Task" => ReadTask(name, o, at),
            "Choice" => new ChoiceState(name)
            {
                Choices = ReadChoices(o, at),
                Default = String(o, "Default", at),
            },
            "Wait" => new WaitState(name)
            {
                Seconds = Node(o, "Seconds"),
                Timestamp = Node(o, "Timestamp"),
                SecondsPath = String(o, "SecondsPath", at),
                TimestampPath = String(o, "TimestampPath", at),
            },
            "Succeed" => new SucceedState(name),
            "Fail" => new FailState(name)
            {
                Error = String(o, "Error", at),
                Cause = String(o, "Cause", at),
                ErrorPath = String(o, "ErrorPath", at),
                CausePath = String(o, "CausePath", at),
            },
            "Parallel" => new ParallelState(name)
            {
                Branches = ReadBranches(o, at),
                Parameters = Node(o, "Parameters"),
                Arguments = Node(o, "Arguments"),
                ResultSelector = Node(o, "ResultSelector"),
                ResultPath = Path(o, "ResultPath", at),
                Retry = ReadRetry(o, at),
                Catch = ReadCatch(o, at),
            },
            "Map" => ReadMap(name, o, at),
            _ => null,
        };
        return state is null ? null : state with
        {
            Comment = String(o, "Comment", at),
            QueryLanguage = Language(o, at),
            InputPath = Path(o, "InputPath", at),
            OutputPath = Path(o, "OutputPath", at),
            Output = Node(o, "Output"),
            NullOutput = ExplicitNull(o, "Output"),
            Assign = Object(o, "Assign", at),
            Next = String(o, "Next", at),
            End = Bool(o, "End", at) ?? false,
        };
    }

    private TaskState ReadTask(string name, JsonObject o, string at)
    {
        Required(o, at, "Resource");
        return new TaskState(name, String(o, "Resource", at) ?? "")
        {
            Parameters = Node(o, "Parameters"),
            Arguments = Node(o, "Arguments"),
            ResultSelector = Node(o, "ResultSelector"),
            ResultPath = Path(o, "ResultPath", at),
            TimeoutSeconds = Node(o, "TimeoutSeconds"),
            TimeoutSecondsPath = String(o, "TimeoutSecondsPath", at),
            HeartbeatSeconds = Node(o, "HeartbeatSeconds"),
            HeartbeatSecondsPath = String(o, "HeartbeatSecondsPath", at),
            Credentials = Object(o, "Credentials", at),
            Retry = ReadRetry(o, at),
            Catch = ReadCatch(o, at),
        };
    }

    private MapState? ReadMap(string name, JsonObject o, string at)
    {
        var usesIterator = o.ContainsKey("Iterator");
        var key = usesIterator ? "Iterator" : "ItemProcessor";
        if (usesIterator && o.ContainsKey("ItemProcessor"))
            Schema("Only one of 'ItemProcessor' or 'Iterator' can be provided", at);
        if (!o.ContainsKey(key))
        {
            Schema("These fields are required: [ItemProcessor]", at);
            return null;
        }

        var processor = ReadMachine(o[key], $"{at}/{key}", usesIterator ? MachineKind.Iterator : MachineKind.ItemProcessor);
        if (processor is null) return null;
        ProcessorConfig? config = null;
        if (o[key] is JsonObject p && p["ProcessorConfig"] is JsonNode configNode)
        {
            var cat = $"{at}/{key}/ProcessorConfig";
            if (configNode is JsonObject c)
            {
                Unknown(c, ["Mode", "ExecutionType"], cat);
                config = new ProcessorConfig(String(c, "Mode", cat) ?? "INLINE", String(c, "ExecutionType", cat));
            }
            else Schema("The value for the field 'ProcessorConfig' must be an OBJECT", cat);
        }

        return new MapState(name, processor)
        {
            UsesIterator = usesIterator,
            ProcessorConfig = config,
            ItemsPath = String(o, "ItemsPath", at),
            Items = Node(o, "Items"),
            ItemSelector = Node(o, "ItemSelector"),
            Parameters = Node(o, "Parameters"),
            MaxConcurrency = Node(o, "MaxConcurrency"),
            MaxConcurrencyPath = String(o, "MaxConcurrencyPath", at),
            ToleratedFailureCount = Node(o, "ToleratedFailureCount"),
            ToleratedFailureCountPath = String(o, "ToleratedFailureCountPath", at),
            ToleratedFailurePercentage = Node(o, "ToleratedFailurePercentage"),
            ToleratedFailurePercentagePath = String(o, "ToleratedFailurePercentagePath", at),
            ItemReader = ReadItemReader(o, at),
            ItemBatcher = ReadItemBatcher(o, at),
            ResultWriter = ReadResultWriter(o, at),
            Label = String(o, "Label", at),
            ResultSelector = Node(o, "ResultSelector"),
            ResultPath = Path(o, "ResultPath", at),
            Retry = ReadRetry(o, at),
            Catch = ReadCatch(o, at),
        };
    }

    private ItemReader? ReadItemReader(JsonObject map, string at)
    {
        if (Object(map, "ItemReader", at) is not { } o) return null;
        at += "/ItemReader";
        Unknown(o, ["Resource", "Parameters", "Arguments", "ReaderConfig"], at);
        Required(o, at, "Resource");
        return new ItemReader(String(o, "Resource", at) ?? "")
        {
            Parameters = Node(o, "Parameters"),
            Arguments = Node(o, "Arguments"),
            ReaderConfig = Object(o, "ReaderConfig", at),
        };
    }

    private ItemBatcher? ReadItemBatcher(JsonObject map, string at)
    {
        if (Object(map, "ItemBatcher", at) is not { } o) return null;
        at += "/ItemBatcher";
        Unknown(o, ["MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath", "BatchInput"], at);
        return new ItemBatcher
        {
            MaxItemsPerBatch = Node(o, "MaxItemsPerBatch"),
            MaxItemsPerBatchPath = String(o, "MaxItemsPerBatchPath", at),
            MaxInputBytesPerBatch = Node(o, "MaxInputBytesPerBatch"),
            MaxInputBytesPerBatchPath = String(o, "MaxInputBytesPerBatchPath", at),
            BatchInput = Node(o, "BatchInput"),
        };
    }

    private ResultWriter? ReadResultWriter(JsonObject map, string at)
    {
        if (Object(map, "ResultWriter", at) is not { } o) return null;
        at += "/ResultWriter";
        Unknown(o, ["Resource", "Parameters", "Arguments", "WriterConfig"], at);
        return new ResultWriter
        {
            Resource = String(o, "Resource", at),
            Parameters = Node(o, "Parameters"),
            Arguments = Node(o, "Arguments"),
            WriterConfig = Object(o, "WriterConfig", at),
        };
    }

    private ImmutableArray<StateMachine> ReadBranches(JsonObject o, string at)
    {
        Required(o, at, "Branches");
        if (Array(o, "Branches", at) is not { } branches) return [];
        var result = ImmutableArray.CreateBuilder<StateMachine>();
        for (var i = 0; i < branches.Count; i++)
            if (ReadMachine(branches[i], $"{at}/Branches[{i}]", MachineKind.Branch) is { } b) result.Add(b);
        return result.ToImmutable();
    }

    private ImmutableArray<Retry> ReadRetry(JsonObject o, string at)
    {
        if (Array(o, "Retry", at) is not { } array) return [];
        var result = ImmutableArray.CreateBuilder<Retry>();
        for (var i = 0; i < array.Count; i++)
        {
            var rat = $"{at}/Retry[{i}]";
            if (array[i] is not JsonObject r)
            {
                Schema("The value for a retrier must be an OBJECT", rat);
                continue;
            }

            Unknown(r, ["ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment"], rat);
            Required(r, rat, "ErrorEquals");
            result.Add(new Retry(ErrorNames(r, rat))
            {
                IntervalSeconds = Int(r, "IntervalSeconds", rat),
                MaxAttempts = Int(r, "MaxAttempts", rat),
                BackoffRate = Number(r, "BackoffRate", rat),
                MaxDelaySeconds = Int(r, "MaxDelaySeconds", rat),
                JitterStrategy = String(r, "JitterStrategy", rat),
                Comment = String(r, "Comment", rat),
            });
        }

        return result.ToImmutable();
    }

    private ImmutableArray<Catcher> ReadCatch(JsonObject o, string at)
    {
        if (Array(o, "Catch", at) is not { } array) return [];
        var result = ImmutableArray.CreateBuilder<Catcher>();
        for (var i = 0; i < array.Count; i++)
        {
            var cat = $"{at}/Catch[{i}]";
            if (array[i] is not JsonObject c)
            {
                Schema("The value for a catcher must be an OBJECT", cat);
                continue;
            }

            Unknown(c, ["ErrorEquals", "Next", "ResultPath", "Assign", "Output", "Comment"], cat);
            Required(c, cat, "ErrorEquals", "Next");
            result.Add(new Catcher([.. ErrorNames(c, cat)], String(c, "Next", cat) ?? "")
            {
                ResultPath = Path(c, "ResultPath", cat),
                Assign = Object(c, "Assign", cat),
                Output = Node(c, "Output"),
                NullOutput = ExplicitNull(c, "Output"),
                Comment = String(c, "Comment", cat),
            });
        }

        return result.ToImmutable();
    }

    private IEnumerable<string> ErrorNames(JsonObject o, string at)
    {
        if (Array(o, "ErrorEquals", at) is not { } array) return [];
        var names = new List<string>();
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonValue v && v.GetValueKind() == JsonValueKind.String) names.Add(v.GetValue<string>());
            else Schema("The value for the field 'ErrorEquals' must be an array of STRING", $"{at}/ErrorEquals[{i}]");
        }

        return names;
    }

    private ImmutableArray<Choice> ReadChoices(JsonObject o, string at)
    {
        Required(o, at, "Choices");
        if (Array(o, "Choices", at) is not { } array) return [];
        var result = ImmutableArray.CreateBuilder<Choice>();
        for (var i = 0; i < array.Count; i++)
        {
            var cat = $"{at}/Choices[{i}]";
            if (array[i] is not JsonObject c)
            {
                Schema("The value for a choice rule must be an OBJECT", cat);
                continue;
            }

            Required(c, cat, "Next");
            if (ReadRule(c, cat, topLevel: true) is { } rule)
                result.Add(new Choice(rule, String(c, "Next", cat) ?? "")
                {
                    Assign = Object(c, "Assign", cat),
                    Output = Node(c, "Output"),
                    NullOutput = ExplicitNull(c, "Output"),
                    Comment = String(c, "Comment", cat),
                });
        }

        return result.ToImmutable();
    }

    private ChoiceRule? ReadRule(JsonNode? node, string at, bool topLevel)
    {
        if (node is not JsonObject o)
        {
            Schema("The value for a choice rule must be an OBJECT", at);
            return null;
        }

        HashSet<string> extra = topLevel ? ["Next", "Assign", "Output", "Comment"] : ["Comment"];
        var keys = o.Select(p => p.Key).Where(k => !extra.Contains(k)).ToList();
        if (!topLevel && o.ContainsKey("Next"))
            Schema("The field 'Next' is not supported in a nested choice rule", $"{at}/Next");
        if (keys.Contains("And") || keys.Contains("Or"))
        {
            var op = keys.Contains("And") ? "And" : "Or";
            Unknown(o, [op, .. extra], at);
            if (Array(o, op, at) is not { } array) return null;
            var rules = new List<ChoiceRule>();
            for (var i = 0; i < array.Count; i++)
                if (ReadRule(array[i], $"{at}/{op}[{i}]", topLevel: false) is { } r) rules.Add(r);
            return op == "And" ? new AndRule([.. rules]) : new OrRule([.. rules]);
        }

        if (keys.Contains("Not"))
        {
            Unknown(o, ["Not", .. extra], at);
            return ReadRule(o["Not"], $"{at}/Not", topLevel: false) is { } inner ? new NotRule(inner) : null;
        }

        if (keys.Contains("Condition"))
        {
            Unknown(o, ["Condition", .. extra], at);
            // A literal boolean is a valid Condition (AWS accepts "Condition": true).
            if (o["Condition"] is JsonValue literal && literal.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
                return ConditionRule.Literal(literal.GetValueKind() == JsonValueKind.True);
            return String(o, "Condition", at) is { } condition ? new ConditionRule(condition) : null;
        }

        var operators = keys.Where(ChoiceRule.Operators.ContainsKey).ToList();
        foreach (var key in keys.Where(k => k is not ("Variable" or "Next") && !ChoiceRule.Operators.ContainsKey(k)))
            Schema($"The field '{key}' is not supported by Step Functions", $"{at}/{key}");
        if (operators.Count != 1)
        {
            Schema(operators.Count == 0
                ? "A choice rule must contain a comparison operator, And, Or, Not or Condition"
                : $"A choice rule must contain exactly one comparison operator, but has [{string.Join(", ", operators)}]", at);
            return null;
        }

        Required(o, at, "Variable");
        var variable = String(o, "Variable", at);
        var value = Node(o, operators[0]);
        if (ChoiceRule.CheckOperand(ChoiceRule.Operators[operators[0]], value) is { } problem)
            Schema($"The value for the field '{operators[0]}' is invalid: {problem}", $"{at}/{operators[0]}");
        return variable is null ? null : new ComparisonRule(variable, operators[0], value);
    }

    private QueryLanguage? Language(JsonObject o, string at)
    {
        var text = String(o, "QueryLanguage", at);
        if (text is null) return null;
        if (Enum.TryParse<QueryLanguage>(text, ignoreCase: false, out var language)) return language;
        Schema($"The value for the field 'QueryLanguage' must be one of: [JSONPath, JSONata], but was '{text}'", $"{at}/QueryLanguage");
        return null;
    }

    private void Unknown(JsonObject o, HashSet<string> allowed, string at)
    {
        foreach (var (key, _) in o)
            if (!allowed.Contains(key)) Schema($"The field '{key}' is not supported by Step Functions", $"{at}/{key}");
    }

    private void Required(JsonObject o, string at, params string[] fields)
    {
        var missing = fields.Where(f => !o.ContainsKey(f)).ToList();
        if (missing.Count > 0) Schema($"These fields are required: [{string.Join(", ", missing)}]", at.Length == 0 ? "/" : at);
    }

    private static JsonNode? Node(JsonObject o, string key) => o[key]?.DeepClone();

    /// <summary>True when the field is there with the JSON value null (which <see cref="Node"/> cannot tell from absent).</summary>
    private static bool ExplicitNull(JsonObject o, string key) => o.TryGetPropertyValue(key, out var node) && node is null;

    private string? String(JsonObject o, string key, string at)
    {
        if (!o.TryGetPropertyValue(key, out var node)) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String) return v.GetValue<string>();
        Schema($"The value for the field '{key}' must be a STRING", $"{at}/{key}");
        return null;
    }

    private JsonPath? Path(JsonObject o, string key, string at)
    {
        if (!o.TryGetPropertyValue(key, out var node)) return null;
        if (node is null) return JsonPath.Discard;
        return String(o, key, at) is { } text ? JsonPath.Of(text) : (JsonPath?)null;
    }

    private int? Int(JsonObject o, string key, string at)
    {
        if (!o.TryGetPropertyValue(key, out var node)) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var i)) return i;
        if (node is JsonValue d && d.GetValueKind() == JsonValueKind.Number && d.TryGetValue<double>(out var x) &&
            x == Math.Floor(x) && x is >= int.MinValue and <= int.MaxValue) return (int)x;
        Schema($"The value for the field '{key}' must be an INTEGER", $"{at}/{key}");
        return null;
    }

    private double? Number(JsonObject o, string key, string at)
    {
        if (!o.TryGetPropertyValue(key, out var node)) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number) return v.GetValue<double>();
        Schema($"The value for the field '{key}' must be a NUMBER", $"{at}/{key}");
        return null;
    }

    private bool? Bool(JsonObject o, string key, string at)
    {
        if (!o.TryGetPropertyValue(key, out var node)) return null;
        if (node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False) return v.GetValue<bool>();
        Schema($"The value for the field '{key}' must be a BOOLEAN", $"{at}/{key}");
        return null;
    }

    private JsonObject? Object(JsonObject o, string key, string at)
    {
        if (!o.TryGetPropertyValue(key, out var node)) return null;
        if (node is JsonObject obj) return (JsonObject)obj.DeepClone();
        Schema($"The value for the field '{key}' must be an OBJECT", $"{at}/{key}");
        return null;
    }

    private JsonArray? Array(JsonObject o, string key, string at)
    {
        if (!o.TryGetPropertyValue(key, out var node)) return null;
        if (node is JsonArray array) return array;
        Schema($"The value for the field '{key}' must be an ARRAY", $"{at}/{key}");
        return null;
    }

    private void Schema(string message, string at) => _diagnostics.Add(new Diagnostic(DiagnosticCodes.Schema, message, at));
}
