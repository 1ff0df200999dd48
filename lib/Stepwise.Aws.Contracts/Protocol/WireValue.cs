using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepwise.Aws.Protocol;

/// <summary>Scalars as text in URIs, query strings, headers, forms and XML, and back into JSON, per the member's type;
/// the AWS clients write with it and the local host reads with it, so both sides agree on every format.</summary>
public static class WireValue
{
    /// <summary>How a timestamp is written where it is text.</summary>
    public enum TimestampFormat
    {
        /// <summary><c>2015-08-30T12:36:00Z</c>: URIs, query strings, the query protocol.</summary>
        Iso8601,

        /// <summary><c>Sun, 30 Aug 2015 12:36:00 GMT</c>: headers.</summary>
        HttpDate,
    }

    /// <summary>A scalar node as wire text.</summary>
    public static string Format(JsonNode node, Type type, TimestampFormat format)
    {
        if (ShapeInfo.IsTimestamp(type) && ToTimestamp(node) is { } timestamp)
            return format == TimestampFormat.HttpDate
                ? timestamp.ToUniversalTime().ToString("R", CultureInfo.InvariantCulture)
                : Iso8601(timestamp);
        return node.GetValueKind() switch
        {
            JsonValueKind.String => node.GetValue<string>(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => node.ToJsonString(),
        };
    }

    /// <summary>Wire text as the JSON node a member of <paramref name="type"/> deserializes from; text that does not
    /// parse as the type stays a string (a client reading a service's answer is lenient).</summary>
    public static JsonNode? Parse(string text, Type type)
    {
        if (ShapeInfo.IsBoolean(type) && bool.TryParse(text.Trim(), out var flag))
            return JsonValue.Create(flag);
        if (ShapeInfo.IsNumber(type) && decimal.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            return JsonNode.Parse(text.Trim());
        if (ShapeInfo.IsTimestamp(type) && ParseTimestamp(text.Trim()) is { } timestamp)
            return JsonValue.Create(timestamp.ToString("o", CultureInfo.InvariantCulture));
        return JsonValue.Create(text);
    }

    /// <summary>Wire text as the JSON node of a member of <paramref name="type"/>, or a <see cref="FormatException"/>
    /// saying why it is not one (a server reading a request is strict: <c>900.0</c> is not an integer, nor is
    /// 2147483648 an int; <c>+900</c> and <c>0900</c> are, as on AWS).</summary>
    public static JsonNode? ParseStrict(string text, Type type)
    {
        var trimmed = text.Trim();
        var unwrapped = ShapeInfo.Unwrap(type);
        if (ShapeInfo.IsBoolean(type))
            return bool.TryParse(trimmed, out var flag) ? JsonValue.Create(flag) : throw Malformed(text, "a boolean (true or false)");
        if (ShapeInfo.IsNumber(type))
        {
            if (trimmed.Length == 0)
                throw new FormatException("missing value for a number");
            switch (Type.GetTypeCode(unwrapped))
            {
                case TypeCode.Single or TypeCode.Double or TypeCode.Decimal:
                    return double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real)
                        ? JsonValue.Create(real)
                        : throw Malformed(text, "a number");
                default:
                    var (min, max) = Type.GetTypeCode(unwrapped) switch
                    {
                        TypeCode.Int64 => (long.MinValue, long.MaxValue),
                        TypeCode.Int16 => (short.MinValue, short.MaxValue),
                        TypeCode.Byte => (byte.MinValue, byte.MaxValue),
                        _ => (int.MinValue, (long)int.MaxValue),
                    };
                    return long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) && whole >= min && whole <= max
                        ? JsonValue.Create(whole)
                        : throw Malformed(text, $"an integer from {min} to {max}");
            }
        }
        if (ShapeInfo.IsTimestamp(type))
            return ParseTimestamp(trimmed) is { } timestamp
                ? JsonValue.Create(timestamp.ToString("o", CultureInfo.InvariantCulture))
                : throw Malformed(text, "a timestamp (ISO 8601, epoch seconds or an HTTP date)");
        if (ShapeInfo.IsBlob(type))
        {
            var bytes = new byte[(trimmed.Length * 3 / 4) + 3];
            return Convert.TryFromBase64String(trimmed, bytes, out _) ? JsonValue.Create(trimmed) : throw Malformed(text, "base64");
        }
        return JsonValue.Create(text);
    }

    /// <summary>ISO 8601 in UTC, with milliseconds only when there are some.</summary>
    public static string Iso8601(DateTimeOffset timestamp)
    {
        var utc = timestamp.ToUniversalTime();
        return utc.ToString(utc.Millisecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    private static FormatException Malformed(string text, string expected) =>
        new($"'{(text.Length > 100 ? text[..100] + "…" : text)}' is not {expected}");

    private static DateTimeOffset? ToTimestamp(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Number => DateTimeOffset.FromUnixTimeMilliseconds((long)decimal.Round(node.GetValue<decimal>() * 1000m)),
        JsonValueKind.String => ParseTimestamp(node.GetValue<string>()),
        _ => null,
    };

    private static DateTimeOffset? ParseTimestamp(string text)
    {
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            return seconds is >= -62_135_596_800m and <= 253_402_300_799m
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)decimal.Round(seconds * 1000m))
                : null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;
    }
}
