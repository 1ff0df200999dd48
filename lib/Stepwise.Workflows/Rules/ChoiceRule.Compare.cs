using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepwise.Workflows;

public abstract partial record ChoiceRule
{
    /// <summary>A comparison by operator name, with the operand checked against the operator family.</summary>
    /// <exception cref="ArgumentException">Unknown operator, a variable not starting with '$', or an operand of the wrong type.</exception>
    public static ChoiceRule Compare(VariablePath variable, string @operator, JsonNode? value)
    {
        if (!Operators.TryGetValue(@operator, out var kind))
            throw new ArgumentException($"Unknown comparison operator '{@operator}'.", nameof(@operator));
        var problem = CheckOperand(kind, value);
        if (problem is not null) throw new ArgumentException(problem, nameof(value));
        return new ComparisonRule(variable.Path, @operator, value);
    }

    /// <summary>Why <paramref name="value"/> is not a valid operand of this kind, or null when it is.</summary>
    internal static string? CheckOperand(OperandKind kind, JsonNode? value)
    {
        var type = value?.GetValueKind();
        return kind switch
        {
            OperandKind.String when type != JsonValueKind.String => $"Expected value to be a String, but got {Describe(value)}",
            OperandKind.Timestamp when type != JsonValueKind.String || !Timestamps.IsValid(value!.GetValue<string>()) =>
                $"Expected value to be a Timestamp, but got {Describe(value)}",
            OperandKind.Path when type != JsonValueKind.String || !value!.GetValue<string>().StartsWith('$') =>
                $"Expected value to be a path starting with '$', but got {Describe(value)}",
            OperandKind.Number when type != JsonValueKind.Number => $"Expected value to be a Numeric, but got {Describe(value)}",
            OperandKind.Boolean when type is not (JsonValueKind.True or JsonValueKind.False) =>
                $"Expected value to be a Boolean, but got {Describe(value)}",
            _ => null,
        };
    }

    private static string Describe(JsonNode? value) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value?.ToJsonString() ?? "null";
}
