using System.Collections.Concurrent;

namespace Stepwise.Local.StepFunctions.Store;

/// <summary>The <c>executions</c> rows this store committed recently, as they are in the database, so that
/// DescribeExecution and StartExecution's name check read no SQL (a read transaction after another connection's
/// commit starts from an empty page cache: most of a DescribeExecution was re-reading pages).</summary>
/// <remarks>Only the writer changes it, after its transaction committed, from the rows that transaction wrote; a read
/// never adds to it (a row read before a commit must not outlive it). So it never holds what is not committed, and
/// a row it lacks is read from the database. Bounded by two generations: when the current one is full it becomes
/// the previous one and the one before is dropped. An update it cannot follow row by row
/// (<see cref="ForgetAll"/>) empties it.</remarks>
internal sealed class CommittedExecutions(int maxRows = 16_384, long maxChars = 16L * 1024 * 1024)
{
    private volatile ConcurrentDictionary<string, ExecutionRecord> _current = new(StringComparer.Ordinal);
    private volatile ConcurrentDictionary<string, ExecutionRecord> _previous = new(StringComparer.Ordinal);
    private long _currentChars;
    private int _currentRows; // ConcurrentDictionary.Count takes all its locks: counted here instead

    /// <summary>The committed row of <paramref name="arn"/>, or null when it is not kept (read the database).</summary>
    public ExecutionRecord? Find(string arn) =>
        _current.TryGetValue(arn, out var record) || _previous.TryGetValue(arn, out record) ? record : null;

    /// <summary>Writer only, after its commit: the row as now committed.</summary>
    public void Put(ExecutionRecord record)
    {
        var chars = (long)record.Input.Length + (record.Output?.Length ?? 0) + (record.Checkpoint?.Length ?? 0) + (record.Cause?.Length ?? 0);
        if (_currentRows >= maxRows || _currentChars + chars > maxChars)
        {
            _previous = _current;
            _current = new ConcurrentDictionary<string, ExecutionRecord>(StringComparer.Ordinal);
            (_currentRows, _currentChars) = (0, 0);
        }
        var current = _current;
        if (current.TryGetValue(record.Arn, out _)) current[record.Arn] = record;
        else
        {
            current[record.Arn] = record;
            _currentRows++;
            _previous.TryRemove(record.Arn, out _);
        }
        _currentChars += chars;
    }

    /// <summary>Writer only, after its commit: changes a kept row (one that is not kept stays for the database to tell).</summary>
    public void Update(string arn, Func<ExecutionRecord, ExecutionRecord> change)
    {
        if (Find(arn) is { } record) Put(change(record));
    }

    /// <summary>Writer only: before committing an update of rows it does not follow one by one.</summary>
    public void ForgetAll()
    {
        _current = new ConcurrentDictionary<string, ExecutionRecord>(StringComparer.Ordinal);
        _previous = new ConcurrentDictionary<string, ExecutionRecord>(StringComparer.Ordinal);
        (_currentRows, _currentChars) = (0, 0);
    }
}
