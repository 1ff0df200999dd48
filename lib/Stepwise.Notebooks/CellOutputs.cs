using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Stepwise.Notebooks;

/// <summary>Turns the kernel events of one cell into nbformat 4 output objects.</summary>
internal sealed class CellOutputs
{
    private readonly JsonArray _outputs = [];
    private readonly Dictionary<string, JsonObject> _displaysByUpdateId = new(StringComparer.Ordinal);
    private readonly List<JsonObject> _displaysNotYetUpdated = [];

    public JsonArray Outputs => _outputs;

    public void Add(KernelEvent kernelEvent, int executionCount)
    {
        switch (kernelEvent)
        {
            case StandardOutputValueProduced stdout:
                AppendStream("stdout", PlainText(stdout.FormattedValues));
                break;
            case StandardErrorValueProduced stderr:
                AppendStream("stderr", PlainText(stderr.FormattedValues));
                break;
            case ReturnValueProduced returnValue when MimeBundle(returnValue.FormattedValues) is { } data:
                _outputs.Add(new JsonObject
                {
                    ["output_type"] = "execute_result",
                    ["execution_count"] = executionCount,
                    ["data"] = data,
                    ["metadata"] = new JsonObject(),
                });
                break;
            case DisplayedValueUpdated update when MimeBundle(update.FormattedValues) is { } data:
                Update(update.ValueId, data);
                break;
            case DisplayedValueProduced display when MimeBundle(display.FormattedValues) is { } data:
                AddDisplay(data);
                break;
        }
    }

    public void AddError(string errorName, string message, IEnumerable<string> traceback) =>
        _outputs.Add(new JsonObject
        {
            ["output_type"] = "error",
            ["ename"] = errorName,
            ["evalue"] = message,
            ["traceback"] = new JsonArray(traceback.Select(line => (JsonNode?)JsonValue.Create(line)).ToArray()),
        });

    private JsonObject AddDisplay(JsonObject data)
    {
        var output = new JsonObject
        {
            ["output_type"] = "display_data",
            ["data"] = data,
            ["metadata"] = new JsonObject(),
        };
        _outputs.Add(output);
        _displaysNotYetUpdated.Add(output);
        return output;
    }

    /// <summary>
    /// Replaces the data of the display an update belongs to. In 1.0.0-beta.26120.1 the ValueId of
    /// DisplayedValueProduced is NOT the DisplayedValue's DisplayId (only DisplayedValueUpdated carries it), so a
    /// first update is bound to the latest display not yet updated, later ones by their ValueId.
    /// </summary>
    private void Update(string? valueId, JsonObject data)
    {
        if (valueId is not null && _displaysByUpdateId.TryGetValue(valueId, out var known))
        {
            known["data"] = data;
            return;
        }
        JsonObject target;
        if (_displaysNotYetUpdated.Count > 0)
        {
            target = _displaysNotYetUpdated[^1];
            _displaysNotYetUpdated.RemoveAt(_displaysNotYetUpdated.Count - 1);
            target["data"] = data;
        }
        else
        {
            target = AddDisplay(data);
            _displaysNotYetUpdated.Remove(target);
        }
        if (valueId is not null)
            _displaysByUpdateId[valueId] = target;
    }

    private void AppendStream(string name, string text)
    {
        if (text.Length == 0)
            return;
        // Jupyter merges consecutive writes to the same stream into one output.
        if (_outputs.Count > 0 && _outputs[^1] is JsonObject last &&
            (string?)last["output_type"] == "stream" && (string?)last["name"] == name)
        {
            var previous = string.Concat(((JsonArray)last["text"]!).Select(n => (string?)n));
            last["text"] = Lines(previous + text);
            return;
        }
        _outputs.Add(new JsonObject { ["output_type"] = "stream", ["name"] = name, ["text"] = Lines(text) });
    }

    private static string PlainText(IReadOnlyCollection<FormattedValue> values) =>
        (values.FirstOrDefault(v => v.MimeType == "text/plain") ?? values.FirstOrDefault())?.Value ?? "";

    /// <summary>All mime types the event carries; null when there is nothing to show.</summary>
    private static JsonObject? MimeBundle(IReadOnlyCollection<FormattedValue> values)
    {
        var data = new JsonObject();
        foreach (var value in values)
        {
            if (value.SuppressDisplay || data.ContainsKey(value.MimeType))
                continue;
            data[value.MimeType] = IsJson(value.MimeType) && TryParseJson(value.Value) is { } json
                ? json
                : Lines(value.Value ?? "");
        }
        return data.Count == 0 ? null : data;
    }

    private static bool IsJson(string mimeType) =>
        mimeType == "application/json" || mimeType.EndsWith("+json", StringComparison.Ordinal);

    private static JsonNode? TryParseJson(string? text)
    {
        try { return text is null ? null : JsonNode.Parse(text); }
        catch (System.Text.Json.JsonException) { return null; }
    }

    /// <summary>nbformat's multiline string: lines that keep their newline.</summary>
    internal static JsonArray Lines(string text)
    {
        var lines = new JsonArray();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end + 1;
            lines.Add(text[start..end]);
            start = end;
        }
        return lines;
    }
}
