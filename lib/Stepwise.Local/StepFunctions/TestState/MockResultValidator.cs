using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Stepwise.Local.StepFunctions.TestState;

/// <summary>Checks a mocked result against a service's response shape, member by member, as AWS does for
/// <c>fieldValidationMode</c>: members the shape does not know are let through (the model may be newer than the mock);
/// a member of the wrong JSON type, or (STRICT) a required member missing, is refused with the member's name.</summary>
public static class MockResultValidator
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyList<Member>> Members = new();

    /// <summary>Throws AWS's ValidationException for the first problem of <paramref name="result"/>, if any.</summary>
    public static void Check(JsonNode? result, ResponseShape shape, FieldValidationMode mode)
    {
        if (mode == FieldValidationMode.None || result is null) return;
        if (result is not JsonObject obj) throw TestStateErrors.MockSchema("The mocked result must be a JSON object");
        CheckObject(obj, shape.Type, mode, shape.AnyJson);
    }

    private static void CheckObject(JsonObject value, Type type, FieldValidationMode mode, IReadOnlySet<string>? anyJson)
    {
        var members = Members.GetOrAdd(type, Describe);
        if (mode == FieldValidationMode.Strict)
            foreach (var member in members)
                if (member.Required && !value.ContainsKey(member.Name))
                    throw TestStateErrors.MockSchema($"Required field '{member.Name}' is missing");
        foreach (var member in members)
        {
            if (!value.TryGetPropertyValue(member.Name, out var field)) continue;
            if (anyJson?.Contains(member.Name) == true) continue;
            CheckValue(field, member.Type, member.Name, mode);
        }
    }

    private static void CheckValue(JsonNode? value, Type type, string name, FieldValidationMode mode)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string) || type == typeof(DateTimeOffset) || type == typeof(byte[]))
        {
            if (Kind(value) != JsonValueKind.String) throw MustBe("a string", name);
        }
        else if (type == typeof(int) || type == typeof(long))
        {
            if (Kind(value) != JsonValueKind.Number || !((JsonValue)value!).TryGetValue<long>(out _)) throw MustBe("a number", name);
        }
        else if (type == typeof(double) || type == typeof(float))
        {
            if (Kind(value) != JsonValueKind.Number) throw MustBe("a number", name);
        }
        else if (type == typeof(bool))
        {
            if (Kind(value) is not (JsonValueKind.True or JsonValueKind.False)) throw MustBe("a boolean", name);
        }
        else if (Generic(type, typeof(IReadOnlyList<>)) is { } item)
        {
            if (value is not JsonArray array) throw MustBe("an array", name);
            foreach (var element in array) CheckValue(element, item, name, mode);
        }
        else if (Generic(type, typeof(IReadOnlyDictionary<,>), 1) is { } entry)
        {
            if (value is not JsonObject map) throw MustBe("an object", name);
            foreach (var (_, element) in map) CheckValue(element, entry, name, mode);
        }
        else if (type.IsClass)
        {
            if (value is not JsonObject structure) throw MustBe("an object", name);
            CheckObject(structure, type, mode, null);
        }
    }

    private static JsonValueKind Kind(JsonNode? value) => value?.GetValueKind() ?? JsonValueKind.Null;

    private static Exception MustBe(string what, string name) => TestStateErrors.MockSchema($"Field '{name}' must be {what}");

    private static Type? Generic(Type type, Type definition, int argument = 0) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == definition ? type.GetGenericArguments()[argument] : null;

    private static IReadOnlyList<Member> Describe(Type type) =>
    [
        .. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonPropertyNameAttribute>() is not null)
            .Select(p => new Member(p.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name, p.PropertyType, p.GetCustomAttribute<RequiredMemberAttribute>() is not null)),
    ];

    /// <summary>A member of a shape: its wire name, its contract type, and whether the model requires it.</summary>
    private sealed record Member(string Name, Type Type, bool Required);
}
