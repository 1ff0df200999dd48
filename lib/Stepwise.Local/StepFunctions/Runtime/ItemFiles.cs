using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using CsvHelper.Configuration;

namespace Stepwise.Local.StepFunctions.Runtime;

/// <summary>Reads the items of a distributed Map's ItemReader from an object's text, by
/// <c>ReaderConfig.InputType</c>: JSON (an array), JSONL (one value per line) or CSV (rows as objects keyed by
/// the header row, or by <c>CSVHeaders</c> when <c>CSVHeaderLocation</c> is GIVEN). CSV goes through CsvHelper,
/// so quoting and embedded newlines follow RFC 4180.</summary>
internal static class ItemFiles
{
    public static IEnumerable<JsonNode?> Parse(string text, JsonObject config)
    {
        var inputType = config["InputType"]?.GetValue<string>() ?? "JSON";
        try
        {
            return inputType switch
            {
                "JSON" => JsonNode.Parse(text) as JsonArray is { } array
                    ? [.. array.Select(i => i?.DeepClone())]
                    : throw new StatesException(StatesErrors.ItemReaderFailed, "The object is not a JSON array."),
                "JSONL" => [.. text.Split('\n').Where(l => l.Trim().Length > 0).Select(l => JsonNode.Parse(l))],
                "CSV" => Csv(text, config),
                _ => throw new StatesException(StatesErrors.ItemReaderFailed, $"The InputType '{inputType}' is not supported locally (JSON, JSONL, CSV)."),
            };
        }
        catch (JsonException error)
        {
            throw new StatesException(StatesErrors.ItemReaderFailed, $"The object could not be parsed as {inputType}: {error.Message}");
        }
    }

    private static List<JsonNode?> Csv(string text, JsonObject config)
    {
        var given = config["CSVHeaderLocation"]?.GetValue<string>() == "GIVEN";
        using var reader = new CsvReader(new StringReader(text), new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = false });
        string[]? headers = given ? [.. (config["CSVHeaders"] as JsonArray ?? []).Select(h => h!.GetValue<string>())] : null;
        var rows = new List<JsonNode?>();
        while (reader.Read())
        {
            var fields = reader.Parser.Record ?? [];
            if (headers is null)
            {
                headers = fields;
                continue;
            }
            var row = new JsonObject();
            for (var i = 0; i < headers.Length; i++) row[headers[i]] = i < fields.Length ? fields[i] : "";
            rows.Add(row);
        }
        return rows;
    }
}
