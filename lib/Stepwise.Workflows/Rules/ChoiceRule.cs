using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Stepwise.Workflows;

/// <summary>A Boolean expression of a Choice state: a comparison, And/Or/Not of rules, or a JSONata Condition.</summary>
/// <remarks>Build rules with the factory methods, named as in ASL and the Python SDK: <c>ChoiceRule.StringEquals("$.x", "ABC")</c>.</remarks>
public abstract partial record ChoiceRule
{
    private protected ChoiceRule() { }

    /// <summary>All of the rules hold.</summary>
    public static ChoiceRule And(params IEnumerable<ChoiceRule> rules) => new AndRule([.. rules]);

    /// <summary>Any of the rules holds.</summary>
    public static ChoiceRule Or(params IEnumerable<ChoiceRule> rules) => new OrRule([.. rules]);

    /// <summary>The rule does not hold.</summary>
    public static ChoiceRule Not(ChoiceRule rule) => new NotRule(rule);

    /// <summary>A JSONata condition, e.g. <c>{% $states.input.x > 1 %}</c>.</summary>
    public static ChoiceRule Condition(string condition) => new ConditionRule(condition);
}

/// <summary>Compares the value at <paramref name="Variable"/> with <paramref name="Value"/> using <paramref name="Operator"/>.</summary>
/// <param name="Variable">A JSONPath into the state input (or context/variables).</param>
/// <param name="Operator">The ASL operator, e.g. <c>StringEquals</c>, <c>NumericGreaterThanPath</c>, <c>IsPresent</c>.</param>
/// <param name="Value">The operand: a literal, a path for *Path operators, a Boolean for Is* tests.</param>
public sealed record ComparisonRule(string Variable, string Operator, JsonNode? Value) : ChoiceRule
{
    /// <summary>Structural equality including the JSON operand.</summary>
    public bool Equals(ComparisonRule? other) =>
        other is not null && Variable == other.Variable && Operator == other.Operator && JsonNode.DeepEquals(Value, other.Value);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Variable, Operator);
}

/// <summary>True when every rule is true.</summary>
public sealed record AndRule(ImmutableArray<ChoiceRule> Rules) : ChoiceRule
{
    /// <summary>Structural equality.</summary>
    public bool Equals(AndRule? other) => other is not null && Rules.SequenceEqual(other.Rules);

    /// <inheritdoc />
    public override int GetHashCode() => Rules.Length;
}

/// <summary>True when any rule is true.</summary>
public sealed record OrRule(ImmutableArray<ChoiceRule> Rules) : ChoiceRule
{
    /// <summary>Structural equality.</summary>
    public bool Equals(OrRule? other) => other is not null && Rules.SequenceEqual(other.Rules);

    /// <inheritdoc />
    public override int GetHashCode() => Rules.Length;
}

/// <summary>True when the rule is false.</summary>
public sealed record NotRule(ChoiceRule Rule) : ChoiceRule;

/// <summary>A JSONata <c>Condition</c> (QueryLanguage JSONata): an expression string, or a literal boolean
/// (<c>"Condition": true</c>, which AWS accepts), whose <see cref="Expression"/> is <c>true</c> or <c>false</c>.</summary>
public sealed record ConditionRule(string Expression) : ChoiceRule
{
    /// <summary>The literal boolean <c>Condition</c>.</summary>
    public static ConditionRule Literal(bool value) => new(value ? "true" : "false") { IsLiteral = true };

    /// <summary>True for a literal boolean, written back as a JSON boolean, not a string.</summary>
    public bool IsLiteral { get; init; }
}
