using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Stepwise.Aws.Protocol;

/// <summary>Timestamps as the awsJson protocol carries them: epoch seconds, a JSON number with milliseconds as its fraction
/// (<c>1700000000.123</c>). Reads numbers, numeric strings and ISO 8601 strings.</summary>
public sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var seconds))
            return FromSeconds(seconds);
        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString()!;
            if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out seconds))
                return FromSeconds(seconds);
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                return parsed;
        }
        throw new JsonException("Expected a timestamp: epoch seconds as a number.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value.ToUnixTimeMilliseconds() / 1000m);

    private static DateTimeOffset FromSeconds(decimal seconds)
    {
        if (seconds < -62_135_596_800m || seconds > 253_402_300_799m)
            throw new JsonException("Timestamp out of range.");
        var milliseconds = decimal.Round(seconds * 1000m, MidpointRounding.AwayFromZero);
        return DateTimeOffset.FromUnixTimeMilliseconds((long)milliseconds);
    }
}
