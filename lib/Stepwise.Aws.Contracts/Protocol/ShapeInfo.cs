using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Stepwise.Aws.Protocol;

/// <summary>What the wire codecs (the AWS clients' and the local host's) need to know about a shape, read from its
/// <see cref="JsonTypeInfo"/>: members by wire name, and whether a member is a structure, list, map, timestamp or blob.</summary>
public static class ShapeInfo
{
    private static readonly ConditionalWeakTable<JsonSerializerOptions, ConcurrentDictionary<Type, IReadOnlyDictionary<string, JsonPropertyInfo>>> Cache = new();

    /// <summary>The member of <paramref name="shape"/> named <paramref name="name"/> on the wire (exactly, else ignoring case).</summary>
    public static JsonPropertyInfo? Member(JsonSerializerOptions options, Type shape, string name)
    {
        var members = Members(options, shape);
        if (members.TryGetValue(name, out var member))
            return member;
        return members.Values.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The members of a structure by wire name (empty for any other kind).</summary>
    public static IReadOnlyDictionary<string, JsonPropertyInfo> Members(JsonSerializerOptions options, Type shape) =>
        Cache.GetOrCreateValue(options).GetOrAdd(shape, static (type, o) =>
        {
            var info = o.GetTypeInfo(type);
            return info.Kind == JsonTypeInfoKind.Object
                ? info.Properties.ToDictionary(p => p.Name, StringComparer.Ordinal)
                : new Dictionary<string, JsonPropertyInfo>();
        }, options);

    /// <summary>The JSON kind of a member's type (a blob or timestamp is a plain value).</summary>
    public static JsonTypeInfoKind Kind(JsonSerializerOptions options, Type type) =>
        IsScalar(type) ? JsonTypeInfoKind.None : options.GetTypeInfo(type).Kind;

    /// <summary>The item type of a list, or the value type of a map.</summary>
    public static Type ElementType(JsonSerializerOptions options, Type type) =>
        options.GetTypeInfo(type).ElementType ?? typeof(string);

    /// <summary>A timestamp member (<see cref="DateTimeOffset"/>).</summary>
    public static bool IsTimestamp(Type type) => Unwrap(type) == typeof(DateTimeOffset) || Unwrap(type) == typeof(DateTime);

    /// <summary>A blob member (<c>byte[]</c>, base64 in JSON).</summary>
    public static bool IsBlob(Type type) => type == typeof(byte[]);

    /// <summary>A boolean member.</summary>
    public static bool IsBoolean(Type type) => Unwrap(type) == typeof(bool);

    /// <summary>A numeric member (integer, long, float, double).</summary>
    public static bool IsNumber(Type type) =>
        Type.GetTypeCode(Unwrap(type)) is TypeCode.Int16 or TypeCode.Int32 or TypeCode.Int64 or TypeCode.UInt16 or TypeCode.UInt32
            or TypeCode.UInt64 or TypeCode.Single or TypeCode.Double or TypeCode.Decimal or TypeCode.Byte or TypeCode.SByte;

    private static bool IsScalar(Type type) =>
        type == typeof(string) || IsBlob(type) || IsTimestamp(type) || IsBoolean(type) || IsNumber(type) || Unwrap(type).IsEnum;

    /// <summary>A member's type without <see cref="Nullable{T}"/>.</summary>
    public static Type Unwrap(Type type) => Nullable.GetUnderlyingType(type) ?? type;
}
