namespace Stepwise.Local.StepFunctions.Store;

/// <summary>Records read from the database kept in memory by key, absent ones included, until <see cref="Forget"/>.</summary>
/// <remarks>A read that raced with a write (it read the row before the write committed, the write forgot the key
/// meanwhile) does not keep what it read: every <see cref="Forget"/> starts a new generation, and a read stores its
/// row only if the generation it started in is still current.</remarks>
internal sealed class ReadThroughCache<T> where T : class
{
    private readonly object _gate = new();
    private readonly Dictionary<string, T?> _entries = new(StringComparer.Ordinal);
    private long _generation;

    public T? Get(string key, Func<string, T?> read)
    {
        long generation;
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var cached)) return cached;
            generation = _generation;
        }
        var value = read(key);
        lock (_gate)
        {
            if (_generation == generation)
            {
                // Bounded: names that were asked for and do not exist must not grow it without end.
                if (_entries.Count >= 4096) _entries.Clear();
                _entries[key] = value;
            }
        }
        return value;
    }

    /// <summary>Called once the write of <paramref name="key"/> is committed (or failed).</summary>
    public void Forget(string key)
    {
        lock (_gate)
        {
            _entries.Remove(key);
            _generation++;
        }
    }
}
