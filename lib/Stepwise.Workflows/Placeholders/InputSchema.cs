using System.Collections;
using System.Text.Json.Nodes;

namespace Stepwise.Workflows;

/// <summary>The declared shape of an input: each key maps to a .NET type (<c>typeof(string)</c>, <c>typeof(double)</c>, …)
/// or to a nested <see cref="InputSchema"/>.</summary>
/// <example><code>new InputSchema { ["JobName"] = typeof(string), ["Hyperparameters"] = new InputSchema { ["tol"] = typeof(double) } }</code></example>
public sealed class InputSchema : IEnumerable<KeyValuePair<string, object>>
{
    private readonly List<KeyValuePair<string, object>> _entries = [];

    /// <summary>Declares a key as a type or a nested schema.</summary>
    public object this[string key]
    {
        get => _entries.First(e => e.Key == key).Value;
        set
        {
            if (value is not (Type or InputSchema)) throw new ArgumentException($"Schema value for '{key}' must be a Type or an InputSchema.");
            _entries.RemoveAll(e => e.Key == key);
            _entries.Add(new(key, value));
        }
    }

    /// <summary>The declared keys, in order.</summary>
    public IEnumerable<string> Keys => _entries.Select(e => e.Key);

    /// <summary>Looks up a key.</summary>
    public bool TryGetValue(string key, out object value)
    {
        var i = _entries.FindIndex(e => e.Key == key);
        value = i >= 0 ? _entries[i].Value : null!;
        return i >= 0;
    }

    /// <summary>The schema as JSON with the Python SDK's type names (str, int, float, bool, list, dict).</summary>
    public JsonObject ToJson() => new([.. _entries.Select(e => new KeyValuePair<string, JsonNode?>(e.Key,
        e.Value is InputSchema nested ? nested.ToJson() : JsonValue.Create(TypeName((Type)e.Value))))]);

    /// <summary>The Python SDK's name of a type's JSON kind.</summary>
    public static string TypeName(Type type) => Type.GetTypeCode(Nullable.GetUnderlyingType(type) ?? type) switch
    {
        TypeCode.String or TypeCode.Char or TypeCode.DateTime => "str",
        TypeCode.Boolean => "bool",
        TypeCode.Int16 or TypeCode.Int32 or TypeCode.Int64 or TypeCode.UInt16 or TypeCode.UInt32 or TypeCode.UInt64 or TypeCode.Byte or TypeCode.SByte => "int",
        TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "float",
        _ when typeof(IDictionary).IsAssignableFrom(type) || type == typeof(JsonObject) || IsGenericDictionary(type) => "dict",
        _ when typeof(IEnumerable).IsAssignableFrom(type) => "list",
        _ => type.Name,
    };

    private static bool IsGenericDictionary(Type type) =>
        type.GetInterfaces().Append(type).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>));

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Adds a key (collection-initializer support).</summary>
    public void Add(string key, object value) => this[key] = value;
}
