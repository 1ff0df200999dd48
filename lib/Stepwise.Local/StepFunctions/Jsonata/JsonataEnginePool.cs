using System.Collections.Concurrent;

namespace Stepwise.Local.StepFunctions.Jsonata;

/// <summary>Lends <see cref="JsonataEngine"/>s to one caller at a time, creating them lazily up to a maximum and then
/// making callers wait. Why a pool rather than one engine per thread: Parallel and Map states run on many thread-pool
/// threads, and each engine costs a JSONata load and megabytes; evaluation is CPU-bound, so more engines than cores
/// buys nothing.</summary>
internal sealed class JsonataEnginePool(JsonataEvaluatorOptions options) : IDisposable
{
    readonly SemaphoreSlim _slots = new(options.MaxEngines, options.MaxEngines);
    readonly ConcurrentBag<JsonataEngine> _idle = [];
    int _created;

    /// <summary>Engines created so far (for tests and measurements).</summary>
    internal int Created => Volatile.Read(ref _created);

    /// <summary>An engine for the caller's exclusive use until <see cref="Return"/>.</summary>
    internal JsonataEngine Rent()
    {
        _slots.Wait();
        if (_idle.TryTake(out var engine)) return engine;
        try
        {
            engine = new JsonataEngine(options);
            Interlocked.Increment(ref _created);
            return engine;
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    /// <summary>Gives the engine back; one that failed inside Jint (not a JSONata error) is dropped, since its
    /// event loop or state may be left half-way, and a fresh one will be made when needed.</summary>
    internal void Return(JsonataEngine engine, bool healthy = true)
    {
        if (healthy) _idle.Add(engine);
        _slots.Release();
    }

    public void Dispose() => _slots.Dispose();
}
