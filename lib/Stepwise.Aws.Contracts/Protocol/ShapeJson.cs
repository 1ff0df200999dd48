using System.Collections;
using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Stepwise.Aws.Protocol;

/// <summary>
/// The wire JSON of one service's shapes, shared by every generated <c>&lt;Service&gt;Json</c>: options over the service's
/// source-generated context, written as AWS writes JSON. Deserializing does not enforce required members (so that a
/// server can answer with AWS's own validation error); <see cref="MissingRequiredMembers"/> reports them.
/// </summary>
public sealed class ShapeJson
{
    private readonly ConcurrentDictionary<Type, RequiredMember[]> _required = new();
    private readonly string _shapeNamespace;

    /// <summary>Options over <paramref name="context"/>; the service's shapes are the sealed classes of <paramref name="shapeNamespace"/>.</summary>
    public ShapeJson(JsonSerializerContext context, string shapeNamespace)
    {
        _shapeNamespace = shapeNamespace;
        var options = new JsonSerializerOptions(context.Options)
        {
            TypeInfoResolver = context.WithAddedModifier(Record),
            // As AWS writes JSON: quotes, apostrophes and non-ASCII text as they are, escaping only what JSON requires.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.MakeReadOnly();
        Options = options;
    }

    /// <summary>The options: member names as in the model, absent members omitted, the context's timestamp format.</summary>
    public JsonSerializerOptions Options { get; }

    /// <summary>The metadata of shape <typeparamref name="T"/> under <see cref="Options"/>.</summary>
    public JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    /// <summary>The wire JSON of a shape.</summary>
    public string Serialize<T>(T value) => JsonSerializer.Serialize(value, TypeInfo<T>());

    /// <summary>A shape read from wire JSON; required members may be missing (see <see cref="MissingRequiredMembers"/>).</summary>
    public T Deserialize<T>(string json) => JsonSerializer.Deserialize(json, TypeInfo<T>())!;

    /// <summary>The paths (<c>stateMachineArn</c>, <c>tags.1.member.key</c>) of required members that are null in a shape
    /// and the shapes nested in it, in declaration order, named as AWS names them in validation errors.</summary>
    public IReadOnlyList<string> MissingRequiredMembers(object shape)
    {
        List<string>? missing = null;
        Collect(shape, "", ref missing);
        return (IReadOnlyList<string>?)missing ?? [];
    }

    private void Collect(object shape, string prefix, ref List<string>? missing)
    {
        var type = shape.GetType();
        if (!_required.TryGetValue(type, out var members))
        {
            Options.GetTypeInfo(type); // the modifier below records the type's required and nested members
            if (!_required.TryGetValue(type, out members))
                return;
        }
        foreach (var member in members)
        {
            var value = member.Get(shape);
            if (value is null)
            {
                if (member.IsRequired)
                    (missing ??= []).Add(prefix + member.Name);
            }
            else if (member.IsList && value is IEnumerable items)
            {
                var index = 1;
                foreach (var item in items)
                {
                    if (item is not null && IsShape(item.GetType()))
                        Collect(item, $"{prefix}{member.Name}.{index}.member.", ref missing);
                    index++;
                }
            }
            else if (member.IsShape)
                Collect(value, prefix + member.Name + ".", ref missing);
        }
    }

    /// <summary>Notes each shape's required and nested members, then lets the serializer accept them missing.</summary>
    private void Record(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object || !IsShape(info.Type))
            return;
        var members = new List<RequiredMember>();
        foreach (var property in info.Properties)
        {
            var isList = property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) &&
                         IsShape(property.PropertyType.GetGenericArguments()[0]);
            var isShape = IsShape(property.PropertyType);
            if ((property.IsRequired || isList || isShape) && property.Get is { } get)
                members.Add(new RequiredMember(property.Name, get, property.IsRequired, isList, isShape));
            property.IsRequired = false;
        }
        _required[info.Type] = [.. members];
    }

    private bool IsShape(Type type) => type.Namespace == _shapeNamespace && type.IsClass && !type.IsAbstract && type.IsSealed;

    private sealed record RequiredMember(string Name, Func<object, object?> Get, bool IsRequired, bool IsList, bool IsShape);
}
