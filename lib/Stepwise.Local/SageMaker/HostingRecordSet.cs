using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Stepwise.Local.SageMaker;

/// <summary>Descriptions of one kind of hosting resource (models, endpoint configurations) by name — case-insensitive, as
/// SageMaker's names are — each persisted as <c>{directory}/{name}.json</c> and read back when the cloud opens.</summary>
internal sealed class HostingRecordSet<T>
    where T : class
{
    private readonly ConcurrentDictionary<string, T> _items = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _writing = new();

    public HostingRecordSet(string directory)
    {
        Directory.CreateDirectory(directory);
        DirectoryPath = directory;
        foreach (var file in Directory.EnumerateFiles(directory, "*.json"))
            if (HostingRecords.Load(file) is { } json)
                _items[Path.GetFileNameWithoutExtension(file)] = HostingRecords.Shape<T>(json["Description"]!);
    }

    /// <summary>Where the records are.</summary>
    public string DirectoryPath { get; }

    public IEnumerable<T> Values => _items.Values;

    public bool Contains(string name) => _items.ContainsKey(name);

    public bool TryGetValue(string name, out T item) => _items.TryGetValue(name, out item!);

    /// <summary>Saves and adds <paramref name="item"/>; false (nothing written) when the name is taken.</summary>
    public bool TryAdd(string name, T item)
    {
        lock (_writing)
        {
            if (_items.ContainsKey(name))
                return false;
            HostingRecords.Save(PathOf(name), new JsonObject { ["Description"] = HostingRecords.Node(item) });
            _items[name] = item;
            return true;
        }
    }

    public void Remove(string name)
    {
        lock (_writing)
        {
            File.Delete(PathOf(name));
            _items.TryRemove(name, out _);
        }
    }

    private string PathOf(string name) => Path.Combine(DirectoryPath, name + ".json");
}
