using System.Globalization;
using System.Text.RegularExpressions;

namespace Stepwise.Workflows;

/// <summary>RFC 3339 timestamps as ASL accepts them (uppercase T, a zone designator).</summary>
public static partial class Timestamps
{
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339();

    /// <summary>True when <paramref name="text"/> is an RFC 3339 timestamp.</summary>
    public static bool IsValid(string text) => TryParse(text, out _);

    /// <summary>Parses an RFC 3339 timestamp.</summary>
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        value = default;
        return Rfc3339().IsMatch(text) &&
               DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }
}
