using System.Text;

namespace Stepwise.Workflows;

/// <summary>A value supplied at run time — from the execution input or a step's input/output — usable anywhere a
/// value goes in a step's parameters. <c>input["JobName"]</c> is written as <c>"JobName.$": "$$.Execution.Input['JobName']"</c>.</summary>
public class Placeholder
{
    private readonly Dictionary<string, Placeholder> _children = [];

    private protected Placeholder(Placeholder? parent, string? key, Type? valueType, InputSchema? schema)
    {
        Parent = parent;
        Key = key;
        ValueType = valueType;
        Schema = schema;
    }

    /// <summary>The enclosing placeholder (null at the root).</summary>
    public Placeholder? Parent { get; }

    /// <summary>This placeholder's key in its parent (null at the root).</summary>
    public string? Key { get; }

    /// <summary>The expected .NET type of the value, if declared.</summary>
    public Type? ValueType { get; private set; }

    /// <summary>The declared schema below this placeholder, if any; keys outside it are rejected.</summary>
    public InputSchema? Schema { get; }

    /// <summary>The root placeholder (an <see cref="ExecutionInput"/> or <see cref="StepInput"/>).</summary>
    public Placeholder Root => Parent?.Root ?? this;

    /// <summary>The key below this one.</summary>
    /// <exception cref="ArgumentException">A schema is declared and does not have the key.</exception>
    public Placeholder this[string key] => Child(key, null);

    /// <summary>The key below this one, declaring the type of its value (checked by <c>Validate</c>).</summary>
    public Placeholder Get<T>(string key) => Child(key, typeof(T));

    /// <summary>The keys used or declared below this placeholder.</summary>
    public IReadOnlyDictionary<string, Placeholder> Children => _children;

    /// <summary>The JSONPath of the value, e.g. <c>$$.Execution.Input['A']['B']</c> or <c>$['Response']</c>.</summary>
    public string ToJsonPath()
    {
        var keys = new Stack<string>();
        for (var p = this; p.Parent is not null; p = p.Parent) keys.Push(p.Key!);
        var path = new StringBuilder(((Placeholder)Root).RootPath);
        foreach (var key in keys) path.Append("['").Append(key.Replace("'", "\\'")).Append("']");
        return path.ToString();
    }

    /// <summary>The JSONPath the root stands for.</summary>
    private protected virtual string RootPath => "$";

    /// <inheritdoc />
    public override string ToString() => ToJsonPath();

    private Placeholder Child(string key, Type? type)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (_children.TryGetValue(key, out var existing))
        {
            if (type is not null && existing.ValueType is not null && existing.ValueType != type)
                throw new ArgumentException($"Key '{key}' is already declared as {InputSchema.TypeName(existing.ValueType)}, not {InputSchema.TypeName(type)}.");
            existing.ValueType ??= type;
            return existing;
        }

        InputSchema? childSchema = null;
        if (Schema is not null)
        {
            if (!Schema.TryGetValue(key, out var declared))
                throw new ArgumentException($"This placeholder's schema has no key '{key}' (it has: {string.Join(", ", Schema.Keys)}).");
            if (declared is InputSchema nested) childSchema = nested;
            else type ??= (Type)declared;
        }

        var child = new Placeholder(this, key, type, childSchema);
        _children[key] = child;
        return child;
    }

    /// <summary>Declares every key of a schema below this placeholder.</summary>
    private protected void Declare(InputSchema schema)
    {
        foreach (var (key, value) in schema)
        {
            var child = Child(key, value as Type);
            if (value is InputSchema nested) child.Declare(nested);
        }
    }
}
