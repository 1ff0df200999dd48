using System.Collections.Frozen;

namespace Stepwise.Local.Iam;

/// <summary>A condition operator as written (<c>ForAnyValue:StringNotLikeIfExists</c>), parsed into its parts.</summary>
public sealed record ConditionOperator(string Name, ConditionFamily Family, ConditionComparison Comparison, bool Negated,
    bool IfExists, ConditionSet Set)
{
    private static readonly FrozenDictionary<string, (ConditionFamily Family, ConditionComparison Comparison, bool Negated)> Base =
        new Dictionary<string, (ConditionFamily, ConditionComparison, bool)>(StringComparer.Ordinal)
        {
            ["StringEquals"] = (ConditionFamily.String, ConditionComparison.Equals, false),
            ["StringNotEquals"] = (ConditionFamily.String, ConditionComparison.Equals, true),
            ["StringEqualsIgnoreCase"] = (ConditionFamily.String, ConditionComparison.EqualsIgnoreCase, false),
            ["StringNotEqualsIgnoreCase"] = (ConditionFamily.String, ConditionComparison.EqualsIgnoreCase, true),
            ["StringLike"] = (ConditionFamily.String, ConditionComparison.Like, false),
            ["StringNotLike"] = (ConditionFamily.String, ConditionComparison.Like, true),
            ["NumericEquals"] = (ConditionFamily.Numeric, ConditionComparison.Equals, false),
            ["NumericNotEquals"] = (ConditionFamily.Numeric, ConditionComparison.Equals, true),
            ["NumericLessThan"] = (ConditionFamily.Numeric, ConditionComparison.LessThan, false),
            ["NumericLessThanEquals"] = (ConditionFamily.Numeric, ConditionComparison.LessThanEquals, false),
            ["NumericGreaterThan"] = (ConditionFamily.Numeric, ConditionComparison.GreaterThan, false),
            ["NumericGreaterThanEquals"] = (ConditionFamily.Numeric, ConditionComparison.GreaterThanEquals, false),
            ["DateEquals"] = (ConditionFamily.Date, ConditionComparison.Equals, false),
            ["DateNotEquals"] = (ConditionFamily.Date, ConditionComparison.Equals, true),
            ["DateLessThan"] = (ConditionFamily.Date, ConditionComparison.LessThan, false),
            ["DateLessThanEquals"] = (ConditionFamily.Date, ConditionComparison.LessThanEquals, false),
            ["DateGreaterThan"] = (ConditionFamily.Date, ConditionComparison.GreaterThan, false),
            ["DateGreaterThanEquals"] = (ConditionFamily.Date, ConditionComparison.GreaterThanEquals, false),
            ["Bool"] = (ConditionFamily.Bool, ConditionComparison.Equals, false),
            ["BinaryEquals"] = (ConditionFamily.Binary, ConditionComparison.Equals, false),
            ["IpAddress"] = (ConditionFamily.Ip, ConditionComparison.InRange, false),
            ["NotIpAddress"] = (ConditionFamily.Ip, ConditionComparison.InRange, true),
            ["ArnEquals"] = (ConditionFamily.Arn, ConditionComparison.Equals, false),
            ["ArnNotEquals"] = (ConditionFamily.Arn, ConditionComparison.Equals, true),
            ["ArnLike"] = (ConditionFamily.Arn, ConditionComparison.Like, false),
            ["ArnNotLike"] = (ConditionFamily.Arn, ConditionComparison.Like, true),
            ["Null"] = (ConditionFamily.Null, ConditionComparison.Absent, false),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The operators of IAM's condition grammar, without qualifier or suffix.</summary>
    public static IEnumerable<string> BaseNames => Base.Keys;

    /// <summary>Reads <paramref name="name"/> (case-sensitive, as IAM reads it); null when it is no IAM operator.</summary>
    public static ConditionOperator? TryParse(string name)
    {
        var rest = name;
        var set = ConditionSet.None;
        if (rest.StartsWith("ForAnyValue:", StringComparison.Ordinal))
        {
            set = ConditionSet.ForAnyValue;
            rest = rest["ForAnyValue:".Length..];
        }
        else if (rest.StartsWith("ForAllValues:", StringComparison.Ordinal))
        {
            set = ConditionSet.ForAllValues;
            rest = rest["ForAllValues:".Length..];
        }
        var ifExists = false;
        if (rest.EndsWith("IfExists", StringComparison.Ordinal) && rest != "IfExists")
        {
            ifExists = true;
            rest = rest[..^"IfExists".Length];
        }
        if (!Base.TryGetValue(rest, out var found))
            return null;
        if (found.Family == ConditionFamily.Null && (ifExists || set != ConditionSet.None))
            return null; // Null tests existence itself: it takes neither a set qualifier nor IfExists
        return new ConditionOperator(name, found.Family, found.Comparison, found.Negated, ifExists, set);
    }
}
