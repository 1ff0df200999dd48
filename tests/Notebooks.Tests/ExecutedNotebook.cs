using System.Text.Json.Nodes;

namespace Notebooks.Tests;

/// <summary>Reads an executed .ipynb for assertions.</summary>
internal sealed class ExecutedNotebook(JsonObject json)
{
    public static ExecutedNotebook Load(string path) =>
        new(JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidDataException(path));

    public JsonObject Json => json;

    public JsonObject Cell(string id) =>
        json["cells"]!.AsArray().OfType<JsonObject>().SingleOrDefault(c => (string?)c["id"] == id)
        ?? throw new KeyNotFoundException($"No cell with id '{id}'.");

    public IEnumerable<JsonObject> CodeCells =>
        json["cells"]!.AsArray().OfType<JsonObject>().Where(c => (string?)c["cell_type"] == "code");

    public static IReadOnlyList<JsonObject> Outputs(JsonObject cell) =>
        cell["outputs"]?.AsArray().OfType<JsonObject>().ToArray() ?? [];

    /// <summary>An nbformat multiline string (a string or a list of lines) as one string.</summary>
    public static string Text(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        JsonValue value => (string?)value ?? "",
        _ => "",
    };
}
