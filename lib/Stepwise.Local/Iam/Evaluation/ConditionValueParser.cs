using System.Globalization;

namespace Stepwise.Local.Iam;

/// <summary>How IAM reads condition values that are not strings: numbers, dates (ISO 8601 or epoch seconds), booleans.</summary>
internal static class ConditionValueParser
{
    public static double? Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>An ISO 8601 date or date-time (UTC unless it says otherwise), or whole epoch seconds.</summary>
    public static DateTimeOffset? Date(string text)
    {
        if (text.Length > 0 && text.All(char.IsAsciiDigit))
            return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= 253402300799
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
            ? date
            : null;
    }

    public static bool? Bool(string text) =>
        text.Equals("true", StringComparison.OrdinalIgnoreCase) ? true : text.Equals("false", StringComparison.OrdinalIgnoreCase) ? false : null;
}
