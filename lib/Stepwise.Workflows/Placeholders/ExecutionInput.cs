using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepwise.Workflows;

/// <summary>The execution's input (<c>$$.Execution.Input</c>), optionally with a declared schema.</summary>
public sealed class ExecutionInput : RootPlaceholder
{
    /// <summary>An execution input, with an optional schema that restricts and types its keys.</summary>
    public ExecutionInput(InputSchema? schema = null) : base(schema) { }

    private protected override string RootPath => "$$.Execution.Input";
}

/// <summary>A state's input (<c>$</c>); a step's <c>Output()</c> is the next step's input.</summary>
public sealed class StepInput : RootPlaceholder
{
    /// <summary>A state input, with an optional schema.</summary>
    public StepInput(InputSchema? schema = null) : base(schema) { }

    internal StepInput(Step owner) : base(null) => Owner = owner;

    /// <summary>The step whose output this is (null for a free-standing input).</summary>
    public Step? Owner { get; }
}

/// <summary>The root of a placeholder tree: the schema it declares and validation of concrete input against it.</summary>
public abstract class RootPlaceholder : Placeholder
{
    private protected RootPlaceholder(InputSchema? schema) : base(null, null, null, schema)
    {
        if (schema is not null) Declare(schema);
    }

    /// <summary>The schema as JSON (declared and used keys), with the Python SDK's type names.</summary>
    public JsonObject GetSchemaAsJson() => ToJson(this);

    /// <summary>Checks concrete input: every key used or declared is present, and typed keys have the right JSON type.
    /// Keys are reported flattened with dots (<c>Hyperparameters.tol</c>).</summary>
    public InputValidationResult Validate(JsonNode? input)
    {
        var missing = new List<string>();
        var mismatched = new List<KeyTypeMismatch>();
        foreach (var (key, leaf) in Leaves(this, ""))
        {
            var value = Lookup(input, key.Split('.'));
            if (value.Missing) missing.Add(key);
            else if (leaf.ValueType is { } type && !Matches(type, value.Node))
                mismatched.Add(new(key, InputSchema.TypeName(type), JsonTypeName(value.Node)));
        }

        return new InputValidationResult(missing.Count == 0 && mismatched.Count == 0, missing, mismatched);
    }

    private static JsonObject ToJson(Placeholder p) => new([.. p.Children.Select(c => new KeyValuePair<string, JsonNode?>(c.Key,
        c.Value.Children.Count > 0 ? ToJson(c.Value) : c.Value.ValueType is { } t ? JsonValue.Create(InputSchema.TypeName(t)) : null))]);

    private static IEnumerable<(string Key, Placeholder Leaf)> Leaves(Placeholder p, string prefix)
    {
        foreach (var (key, child) in p.Children)
        {
            var name = prefix.Length == 0 ? key : $"{prefix}.{key}";
            if (child.Children.Count == 0) yield return (name, child);
            else foreach (var leaf in Leaves(child, name)) yield return leaf;
        }
    }

    private static (bool Missing, JsonNode? Node) Lookup(JsonNode? node, string[] keys)
    {
        foreach (var key in keys)
        {
            if (node is not JsonObject o || !o.TryGetPropertyValue(key, out node)) return (true, null);
        }

        return (false, node);
    }

    private static bool Matches(Type type, JsonNode? node) => (InputSchema.TypeName(type), node?.GetValueKind()) switch
    {
        ("str", JsonValueKind.String) => true,
        ("bool", JsonValueKind.True or JsonValueKind.False) => true,
        ("int", JsonValueKind.Number) => Serialization.JsonNumbers.AsInteger(node) is not null,
        ("float", JsonValueKind.Number) => true,
        ("list", JsonValueKind.Array) => true,
        ("dict", JsonValueKind.Object) => true,
        _ => false,
    };

    private static string JsonTypeName(JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.String => "str",
        JsonValueKind.Number => Serialization.JsonNumbers.AsInteger(node) is not null && !node.ToJsonString().Contains('.') ? "int" : "float",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Array => "list",
        JsonValueKind.Object => "dict",
        _ => "null",
    };
}

/// <summary>A key whose value has the wrong JSON type.</summary>
/// <param name="Key">Flattened key, e.g. <c>Hyperparameters.tol</c>.</param>
/// <param name="Expected">The declared type name.</param>
/// <param name="Actual">The type name found.</param>
public sealed record KeyTypeMismatch(string Key, string Expected, string Actual);

/// <summary>The outcome of validating an execution's input against its placeholder schema.</summary>
/// <param name="IsValid">True when nothing is missing or mistyped.</param>
/// <param name="KeysMissing">Flattened keys that are absent.</param>
/// <param name="KeysTypeMismatch">Keys present with the wrong type.</param>
public sealed record InputValidationResult(bool IsValid, IReadOnlyList<string> KeysMissing, IReadOnlyList<KeyTypeMismatch> KeysTypeMismatch)
{
    /// <summary>A readable summary for error messages.</summary>
    public override string ToString() => IsValid ? "valid" :
        string.Join("; ", KeysMissing.Select(k => $"missing '{k}'").Concat(KeysTypeMismatch.Select(m => $"'{m.Key}' should be {m.Expected}, got {m.Actual}")));
}
