using Stepwise.Local.Storage;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Aws.Lambda;

namespace Stepwise.Local.Lambda;

/// <summary>Deployed functions on disk: <c>{root}/{name}/function.json</c> (the configuration, its code revision, its
/// tags), <c>{root}/{name}/{revision}/</c> (the extracted package) and <c>{root}/{name}/{revision}.zip</c> (the package,
/// what GetFunction's <c>Code.Location</c> points at). Writes are atomic (a temporary file moved into place).</summary>
internal sealed class FunctionStore(string root)
{
    public string Root { get; } = root;

    /// <summary>Every stored function; folders of older code revisions are removed.</summary>
    public IEnumerable<DeployedFunction> LoadAll()
    {
        if (!Directory.Exists(Root)) yield break;
        foreach (var folder in Directory.EnumerateDirectories(Root))
        {
            var file = Path.Combine(folder, "function.json");
            if (!File.Exists(file)) continue;
            var document = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            var configuration = LambdaJson.Deserialize<FunctionConfiguration>(document["Configuration"]!.ToJsonString());
            var revision = document["CodeRevision"]!.GetValue<string>();
            var tags = document["Tags"] is JsonObject t ? t.ToDictionary(p => p.Key, p => p.Value!.GetValue<string>()) : null;
            RemoveOtherRevisionsIn(folder, revision);
            yield return new DeployedFunction(configuration, revision, Path.Combine(folder, revision), tags);
        }
    }

    /// <summary>Extracts <paramref name="package"/> as a new code revision of <paramref name="name"/>; returns the revision and its folder.</summary>
    public (string Revision, string Directory) StoreCode(string name, FunctionPackage package)
    {
        var revision = Guid.NewGuid().ToString("N");
        var directory = Path.Combine(Root, name, revision);
        package.ExtractTo(directory);
        File.WriteAllBytes(directory + ".zip", package.Zip);
        return (revision, directory);
    }

    public string ZipPath(DeployedFunction function) => function.CodeDirectory + ".zip";

    public void Save(DeployedFunction function)
    {
        var folder = Path.Combine(Root, function.Configuration.FunctionName!);
        Directory.CreateDirectory(folder);
        var document = new JsonObject
        {
            ["Configuration"] = JsonNode.Parse(LambdaJson.Serialize(function.Configuration)),
            ["CodeRevision"] = function.CodeRevision,
            ["Tags"] = function.Tags is null ? null : new JsonObject(function.Tags.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
        };
        AtomicFile.WriteAllText(Path.Combine(folder, "function.json"), document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Removes the folders of code revisions other than <paramref name="keep"/> (environments still running an older
    /// one keep their open files: on Unix a removed file stays readable by whoever has it open).</summary>
    public void RemoveOtherRevisions(string name, string keep) => RemoveOtherRevisionsIn(Path.Combine(Root, name), keep);

    public void Delete(string name)
    {
        var folder = Path.Combine(Root, name);
        if (Directory.Exists(folder))
            TryDelete(folder);
    }

    private static void RemoveOtherRevisionsIn(string folder, string keep)
    {
        if (!Directory.Exists(folder)) return;
        foreach (var directory in Directory.EnumerateDirectories(folder))
            if (Path.GetFileName(directory) != keep)
                TryDelete(directory);
        foreach (var zip in Directory.EnumerateFiles(folder, "*.zip"))
            if (Path.GetFileNameWithoutExtension(zip) != keep)
                File.Delete(zip);
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // busy: the next load removes it
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
