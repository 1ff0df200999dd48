using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Stepwise.Local.StepFunctions.Runtime;
using Stepwise.Local.Storage;

namespace Stepwise.Local.StepFunctions.Store;

/// <summary>The durable store of the local Step Functions: state machines, versions, executions, their full
/// history and tags, in one SQLite database (WAL mode) under a data directory.</summary>
/// <remarks>Writes queue up and are committed together in one transaction (group commit) by whoever flushes first,
/// on its own thread; an execution's journal hands its events and checkpoint over in one piece, stored as one row
/// of history per commit. <see cref="FlushAsync"/> is the durability barrier: once it returns, everything queued
/// before it survives a kill -9.</remarks>
public sealed class SqliteStore : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly SqliteConnection _writer;

    // Writes queue under _queueGate; whoever holds _commitGate commits the queue in one transaction.
    private readonly object _queueGate = new();
    private readonly SemaphoreSlim _commitGate = new(1, 1);
    private List<Write> _queue = [];
    private List<Write> _spare = [];
    private long _enqueued;
    private long _committed;
    private Exception? _failure;
    private long _failedFrom = long.MaxValue;
    private long _failedThrough;
    private int _commitScheduled;
    private bool _disposed;
    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<List<ExecutionEvent>>> _histories = new(StringComparer.Ordinal);
    private readonly EventChunkWriter _chunk = new();

    private SqliteStore(string path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        _writer = new SqliteConnection(_connectionString);
        _writer.Open();
        try
        {
            // A checkpoint of the WAL into the database is an fsync: every 1,000 pages (SQLite's default) is every few
            // long executions. Every 16,384 pages (64 MiB) keeps it rare; the WAL itself survives a kill -9 either way.
            Execute(_writer, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 16384; PRAGMA journal_size_limit = 67108864;");
            SchemaVersion = SqliteSchema.Migrate(_writer, Migrations);
        }
        catch
        {
            _writer.Dispose();
            SqliteConnection.ClearPool(_writer);
            throw;
        }
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The schema version of the database (<c>PRAGMA user_version</c>) once opened: <see cref="LatestSchemaVersion"/>.</summary>
    public int SchemaVersion { get; }

    /// <summary>The schema this code writes: the number of <see cref="Migrations"/>.</summary>
    public static int LatestSchemaVersion => Migrations.Count;

    /// <summary>Opens (creating when needed) <c>stepfunctions.db</c> in <paramref name="directory"/>.</summary>
    public static SqliteStore Open(string directory)
    {
        Directory.CreateDirectory(directory);
        return new SqliteStore(System.IO.Path.Combine(directory, "stepfunctions.db"));
    }

    /// <summary>The schema, as the steps that build it (see <see cref="SqliteSchema"/>): add a step here to change it;
    /// never edit one that has shipped.</summary>
    internal static IReadOnlyList<string> Migrations { get; } =
    [
        // 1: state machines, versions, executions, their events, tags (databases from before versioning are at 0 with
        // these tables already there, hence IF NOT EXISTS).
        """
        CREATE TABLE IF NOT EXISTS state_machines (
            arn TEXT PRIMARY KEY, name TEXT NOT NULL, definition TEXT NOT NULL, role_arn TEXT NOT NULL, type TEXT NOT NULL,
            created TEXT NOT NULL, updated TEXT NOT NULL, revision_id TEXT NOT NULL, logging TEXT, tracing TEXT,
            latest_version INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS state_machine_versions (
            state_machine_arn TEXT NOT NULL, version INTEGER NOT NULL, definition TEXT NOT NULL, role_arn TEXT NOT NULL,
            revision_id TEXT NOT NULL, description TEXT, created TEXT NOT NULL, PRIMARY KEY (state_machine_arn, version));
        CREATE TABLE IF NOT EXISTS executions (
            arn TEXT PRIMARY KEY, name TEXT NOT NULL, state_machine_arn TEXT NOT NULL, version_arn TEXT, status TEXT NOT NULL,
            input TEXT NOT NULL, output TEXT, error TEXT, cause TEXT, started TEXT NOT NULL, stopped TEXT, definition TEXT NOT NULL,
            role_arn TEXT NOT NULL, trace_header TEXT, checkpoint TEXT, last_event_id INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS executions_by_machine ON executions (state_machine_arn, seq);
        CREATE INDEX IF NOT EXISTS executions_by_status ON executions (status);
        CREATE TABLE IF NOT EXISTS events (
            execution_arn TEXT NOT NULL, id INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (execution_arn, id)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS tags (
            resource_arn TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (resource_arn, key));
        """,
        // 2: history in chunks: the events an execution recorded between two commits in one row (a 1,000-state execution
        // is a few rows, not 2,000): a JSON array (UTF-8) at first, now EventChunkWriter's binary form, told apart by their
        // first byte. Rows in `events` from before stay readable.
        """
        CREATE TABLE IF NOT EXISTS event_chunks (
            execution_arn TEXT NOT NULL, first_id INTEGER NOT NULL, last_id INTEGER NOT NULL, body BLOB NOT NULL,
            PRIMARY KEY (execution_arn, first_id)) WITHOUT ROWID;
        """,
        // 3: redrive, aliases, Map Runs and their child executions, activities.
        """
        ALTER TABLE executions ADD COLUMN redrive_count INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE executions ADD COLUMN redrive_date TEXT;
        ALTER TABLE executions ADD COLUMN redrive_token TEXT;
        ALTER TABLE executions ADD COLUMN map_run_arn TEXT;
        ALTER TABLE executions ADD COLUMN item_count INTEGER;
        ALTER TABLE executions ADD COLUMN alias_arn TEXT;
        CREATE INDEX executions_by_map_run ON executions (map_run_arn, seq);
        CREATE TABLE map_runs (
            arn TEXT PRIMARY KEY, execution_arn TEXT NOT NULL, state_machine_arn TEXT NOT NULL, status TEXT NOT NULL,
            started TEXT NOT NULL, stopped TEXT, max_concurrency INTEGER NOT NULL, tolerated_failure_percentage REAL NOT NULL,
            tolerated_failure_count INTEGER NOT NULL, total_items INTEGER NOT NULL, total_executions INTEGER NOT NULL,
            results_written INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL);
        CREATE INDEX map_runs_by_execution ON map_runs (execution_arn, seq);
        CREATE TABLE aliases (
            arn TEXT PRIMARY KEY, state_machine_arn TEXT NOT NULL, name TEXT NOT NULL, description TEXT, routing TEXT NOT NULL,
            created TEXT NOT NULL, updated TEXT NOT NULL);
        CREATE TABLE activities (arn TEXT PRIMARY KEY, name TEXT NOT NULL, created TEXT NOT NULL);
        """,
        // 4: Map Run redrive (DescribeMapRun's redriveCount and redriveDate).
        """
        ALTER TABLE map_runs ADD COLUMN redrive_count INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE map_runs ADD COLUMN redrive_date TEXT;
        """,
        // 5: fewer index entries to keep up per execution: none by status (every end moved one; only the resume after a
        // restart asks for RUNNING rows, once), and by Map Run only for a Map Run's children.
        """
        DROP INDEX IF EXISTS executions_by_status;
        DROP INDEX IF EXISTS executions_by_map_run;
        CREATE INDEX executions_by_map_run ON executions (map_run_arn, seq) WHERE map_run_arn IS NOT NULL;
        """,
    ];

    // ---- writes -------------------------------------------------------------------------------------------

    private abstract record Write;

    // ChangesExecutions: an update of executions rows that _executions does not follow (it is emptied).
    private record Command(string Sql, object?[] Arguments, bool ChangesExecutions = false) : Write;

    // A new execution's row; with IfAbsent, one whose ARN is taken is not written, and Conflicted says so once committed.
    private sealed record ExecutionInsert(ExecutionRecord Execution, long Sequence, bool IfAbsent) : Write
    {
        public bool Conflicted { get; set; }
    }


    // What an execution's journal hands over at once: its events since the last hand-over (the writer joins an
    // execution's events of one batch into one event_chunks row) and its latest checkpoint, if it saved one.
    // At the end of an execution whose journal records its outcome, the outcome too: one row update with the checkpoint.
    private sealed record HistoryWrite(string ExecutionArn, List<ExecutionEvent> Events, Checkpoint? Checkpoint, ExecutionOutcome? Outcome = null) : Write;

    private const string SaveCheckpoint = "UPDATE executions SET checkpoint = $1, last_event_id = $2 WHERE arn = $0";

    private const string Complete = "UPDATE executions SET status = $1, output = $2, error = $3, cause = $4, stopped = $5 WHERE arn = $0";

    private const string SaveCheckpointAndComplete =
        "UPDATE executions SET checkpoint = $1, last_event_id = $2, status = $3, output = $4, error = $5, cause = $6, stopped = $7 WHERE arn = $0";

    private const string InsertExecution = """
        INSERT INTO executions (arn, name, state_machine_arn, version_arn, status, input, started, definition, role_arn, trace_header, seq,
          map_run_arn, item_count, alias_arn)
        VALUES ($0, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
        """;

    private const string InsertExecutionIfAbsent = InsertExecution + " ON CONFLICT (arn) DO NOTHING";

    private const string InsertChunk = "INSERT OR REPLACE INTO event_chunks (execution_arn, first_id, last_id, body) VALUES ($0, $1, $2, $3)";

    private void Enqueue(string sql, params object?[] arguments) => Enqueue(new Command(sql, arguments));

    private void Enqueue(Write write)
    {
        lock (_queueGate)
        {
            if (_disposed) throw new ObjectDisposedException(nameof(SqliteStore));
            _queue.Add(write);
            _enqueued++;
        }
    }

    /// <summary>Returns once every write queued so far is committed.</summary>
    /// <remarks>One committer at a time, on the thread pool, takes everything queued when it runs: callers that
    /// arrive while it commits (requests in flight, executions ending) wait for its next round, one transaction for
    /// all of them, queued behind the work that is already running so that more of it joins (a caller that committed
    /// on its own thread whenever no one else was committing made a transaction of ~3 writes).</remarks>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        TaskCompletionSource committed;
        lock (_queueGate)
        {
            var mine = _enqueued;
            if (_committed >= mine)
                return _failedFrom <= mine && mine <= _failedThrough && _failure is not null ? Task.FromException(_failure) : Task.CompletedTask;
            // Its continuation runs on the committer's thread, after the commit gate is released (no thread hop back).
            committed = new TaskCompletionSource();
            _waiters.Enqueue((mine, committed));
        }
        CommitSoon();
        return cancellationToken.CanBeCanceled ? committed.Task.WaitAsync(cancellationToken) : committed.Task;
    }

    // Flushes waiting for a commit, by the write count they wait for (in queuing order, so ascending).
    private readonly Queue<(long Through, TaskCompletionSource Committed)> _waiters = new();

    /// <summary>Schedules the committer (once: while it is scheduled, what is queued meanwhile goes with it).</summary>
    private void CommitSoon()
    {
        if (Interlocked.Exchange(ref _commitScheduled, 1) == 1) return;
        ThreadPool.UnsafeQueueUserWorkItem(static store => _ = store.CommitScheduledAsync(), this, preferLocal: false);
    }

    private async Task CommitScheduledAsync()
    {
        Volatile.Write(ref _commitScheduled, 0);
        // Whoever holds the gate may be committing these writes already; wait for it without blocking a pool thread.
        if (!_commitGate.Wait(0)) await _commitGate.WaitAsync().ConfigureAwait(false);
        try
        {
            CommitQueued();
        }
        catch (Exception)
        {
            // Recorded in _failure for the flushes that cover these writes.
        }
        finally
        {
            _commitGate.Release();
        }
        CompleteReleased();
    }

    // Holding _commitGate: takes everything queued and commits it in one transaction, then releases the flushes it covers.
    private void CommitQueued()
    {
        List<Write> batch;
        long through;
        lock (_queueGate)
        {
            if (_queue.Count == 0) return;
            (batch, _queue) = (_queue, _spare);
            _spare = [];
            through = _enqueued;
        }
        var from = _committed + 1;
        Exception? failure = null;
        try
        {
            WriteBatch(batch);
        }
        catch (Exception error)
        {
            failure = error;
            (_failure, _failedFrom, _failedThrough) = (error, from, through);
            throw;
        }
        finally
        {
            Release(through, failure);
            batch.Clear();
            _spare = batch;
        }
    }

    // The commit of writes from..through is over: the flushes waiting for them are due to return (or throw its failure),
    // once the committer has released the gate (CompleteReleased).
    private void Release(long through, Exception? failure)
    {
        lock (_queueGate)
        {
            _committed = through;
            while (_waiters.TryPeek(out var waiter) && waiter.Through <= through)
                _released.Add((_waiters.Dequeue().Committed, failure));
        }
    }

    // Holding _commitGate: written by Release, emptied by CompleteReleased.
    private List<(TaskCompletionSource Committed, Exception? Failure)> _released = [];

    // After releasing _commitGate: the flushes the last commits covered return, here (their continuations run on
    // this thread while the next commit may start on another).
    private void CompleteReleased()
    {
        List<(TaskCompletionSource Committed, Exception? Failure)> released;
        lock (_queueGate)
        {
            if (_released.Count == 0) return;
            (released, _released) = (_released, []);
        }
        foreach (var (committed, failure) in released)
        {
            if (failure is null) committed.TrySetResult();
            else committed.TrySetException(failure);
        }
    }

    private void WriteBatch(List<Write> batch)
    {
        SqliteCommand Prepared(string text, int arguments)
        {
            if (!_prepared.TryGetValue(text, out var sql))
            {
                sql = _writer.CreateCommand();
                sql.CommandText = text;
                for (var i = 0; i < arguments; i++) sql.Parameters.Add(new SqliteParameter("$" + i, null));
                sql.Prepare();
                _prepared[text] = sql;
            }
            return sql;
        }

        // The rows of executions this batch writes, for _executions once committed (unless it also updates rows it
        // does not follow: then it is emptied, before the commit and after).
        var followed = true;
        foreach (var write in batch)
            if (write is Command { ChangesExecutions: true }) followed = false;
        if (!followed) _executions.ForgetAll();
        _executionChanges.Clear();

        // The transaction by prepared statements: BeginTransaction/Commit prepare "BEGIN" and "COMMIT" anew each time.
        Prepared("BEGIN IMMEDIATE", 0).ExecuteNonQuery();
        var committed = false;
        try
        {
            // The batch is one transaction, so the order of its rows does not matter: an execution's events go
            // into one chunk row (in the order they were recorded), every other write runs as it came.
            foreach (var write in batch)
            {
                switch (write)
                {
                    case HistoryWrite history:
                        if (history.Events.Count > 0)
                        {
                            if (!_histories.TryGetValue(history.ExecutionArn, out var pieces)) _histories[history.ExecutionArn] = pieces = [];
                            pieces.Add(history.Events);
                        }
                        // In order with the other writes: a completion's "checkpoint = NULL" must come after it.
                        if (history.Checkpoint is { } checkpoint)
                        {
                            var save = history.Outcome is null ? Prepared(SaveCheckpoint, 3) : Prepared(SaveCheckpointAndComplete, 8);
                            var json = checkpoint.ToJson().ToJsonString();
                            save.Parameters[0].Value = history.ExecutionArn;
                            save.Parameters[1].Value = json;
                            save.Parameters[2].Value = checkpoint.LastEventId;
                            if (history.Outcome is { } outcome) BindOutcome(save, 3, outcome);
                            save.ExecuteNonQuery();
                            if (followed) _executionChanges.Add(new(history.ExecutionArn, null, json, checkpoint.LastEventId, history.Outcome));
                        }
                        else if (history.Outcome is { } outcome)
                        {
                            var complete = Prepared(Complete, 6);
                            complete.Parameters[0].Value = history.ExecutionArn;
                            BindOutcome(complete, 1, outcome);
                            complete.ExecuteNonQuery();
                            if (followed) _executionChanges.Add(new(history.ExecutionArn, null, null, null, outcome));
                        }
                        break;
                    case ExecutionInsert insert:
                        var row = Prepared(insert.IfAbsent ? InsertExecutionIfAbsent : InsertExecution, 14);
                        BindExecution(row, insert.Execution, insert.Sequence);
                        insert.Conflicted = row.ExecuteNonQuery() == 0;
                        if (followed && !insert.Conflicted) _executionChanges.Add(new(insert.Execution.Arn, insert.Execution, null, null, null));
                        break;
                    case Command command:
                        var sql = Prepared(command.Sql, command.Arguments.Length);
                        for (var i = 0; i < command.Arguments.Length; i++) sql.Parameters[i].Value = command.Arguments[i] ?? DBNull.Value;
                        sql.ExecuteNonQuery();
                        break;
                }
            }
            foreach (var (arn, pieces) in _histories)
            {
                var (first, last, body) = _chunk.Write(pieces);
                var insert = Prepared(InsertChunk, 4);
                insert.Parameters[0].Value = arn;
                insert.Parameters[1].Value = first;
                insert.Parameters[2].Value = last;
                // The chunk's own buffer, bound for its written length only (no copy).
                insert.Parameters[3].Value = body.Array;
                insert.Parameters[3].Size = body.Count;
                insert.ExecuteNonQuery();
            }
            Prepared("COMMIT", 0).ExecuteNonQuery();
            committed = true;
        }
        finally
        {
            _histories.Clear();
            if (!committed) RollBack();
        }
        if (followed) FollowCommitted(_executionChanges);
        else _executions.ForgetAll();
        _executionChanges.Clear();
    }

    // What a batch changed in one executions row: inserted it (Inserted), saved a checkpoint, recorded the outcome.
    private readonly record struct ExecutionChange(string Arn, ExecutionRecord? Inserted, string? Checkpoint, long? LastEventId, ExecutionOutcome? Outcome);

    private readonly List<ExecutionChange> _executionChanges = [];

    // The rows as committed, kept for reads (in the order the batch wrote them).
    private void FollowCommitted(List<ExecutionChange> changes)
    {
        foreach (var change in changes)
        {
            if (change.Inserted is { } inserted)
            {
                _executions.Put(inserted with { StartDate = AsStored(inserted.StartDate), StopDate = null, Output = null, Error = null, Cause = null, Checkpoint = null, LastEventId = 0,
                    RedriveCount = 0, RedriveDate = null, RedriveToken = null });
                continue;
            }
            _executions.Update(change.Arn, row =>
            {
                if (change.Checkpoint is { } checkpoint) row = row with { Checkpoint = checkpoint, LastEventId = change.LastEventId!.Value };
                if (change.Outcome is { } outcome)
                    row = row with { Status = outcome.Status, Output = outcome.Output, Error = outcome.Error, Cause = outcome.Cause, StopDate = AsStored(outcome.StopDate) };
                return row;
            });
        }
    }

    // A time as read back from its column: UTC, to the tick.
    private static DateTimeOffset AsStored(DateTimeOffset time) => new(time.UtcDateTime.Ticks, TimeSpan.Zero);

    private static void BindExecution(SqliteCommand command, ExecutionRecord execution, long sequence)
    {
        object?[] values =
        [
            execution.Arn, execution.Name, execution.StateMachineArn, execution.StateMachineVersionArn, execution.Status, execution.Input,
            Time(execution.StartDate), execution.Definition, execution.RoleArn, execution.TraceHeader, sequence,
            execution.MapRunArn, execution.ItemCount, execution.StateMachineAliasArn,
        ];
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
    }

    // After a failed write: SQLite may have rolled the transaction back itself already.
    private void RollBack()
    {
        try
        {
            if (_prepared.TryGetValue("ROLLBACK", out var rollback)) rollback.ExecuteNonQuery();
            else Execute(_writer, "ROLLBACK");
        }
        catch (SqliteException)
        {
            // No transaction was left to roll back.
        }
    }

    // ---- state machines -----------------------------------------------------------------------------------

    public async Task PutStateMachineAsync(StateMachineRecord machine, CancellationToken cancellationToken = default)
    {
        Enqueue("""
            INSERT INTO state_machines (arn, name, definition, role_arn, type, created, updated, revision_id, logging, tracing, latest_version)
            VALUES ($0, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (arn) DO UPDATE SET definition = excluded.definition, role_arn = excluded.role_arn, updated = excluded.updated,
              revision_id = excluded.revision_id, logging = excluded.logging, tracing = excluded.tracing, latest_version = excluded.latest_version
            """,
            machine.Arn, machine.Name, machine.Definition, machine.RoleArn, machine.Type, Time(machine.CreationDate), Time(machine.UpdateDate),
            machine.RevisionId, machine.LoggingConfiguration, machine.TracingConfiguration, machine.LatestVersion);
        try
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _machines.Forget(machine.Arn);
        }
    }

    public Task PutVersionAsync(StateMachineVersionRecord version, CancellationToken cancellationToken = default)
    {
        Enqueue("INSERT OR REPLACE INTO state_machine_versions VALUES ($0, $1, $2, $3, $4, $5, $6)",
            version.StateMachineArn, version.Version, version.Definition, version.RoleArn, version.RevisionId, version.Description, Time(version.CreationDate));
        return FlushAsync(cancellationToken);
    }

    public async Task DeleteStateMachineAsync(string arn, CancellationToken cancellationToken = default)
    {
        Enqueue("DELETE FROM state_machines WHERE arn = $0", arn);
        Enqueue("DELETE FROM state_machine_versions WHERE state_machine_arn = $0", arn);
        Enqueue("DELETE FROM aliases WHERE state_machine_arn = $0", arn);
        Enqueue("DELETE FROM tags WHERE resource_arn = $0", arn);
        try
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _machines.Forget(arn);
        }
    }

    // Every StartExecution and DescribeExecution reads its state machine: kept in memory (this process is the
    // database's only writer, see DataDirectoryOwner), forgotten when one is written.
    private readonly ReadThroughCache<StateMachineRecord> _machines = new();

    public StateMachineRecord? GetStateMachine(string arn) =>
        _machines.Get(arn, key => Query($"SELECT {StateMachineColumns} FROM state_machines WHERE arn = $0", ReadStateMachine, key).FirstOrDefault());

    public IReadOnlyList<StateMachineRecord> ListStateMachines() =>
        Query($"SELECT {StateMachineColumns} FROM state_machines ORDER BY created, arn", ReadStateMachine);

    public StateMachineVersionRecord? GetVersion(string arn, int version) =>
        Query($"SELECT {VersionColumns} FROM state_machine_versions WHERE state_machine_arn = $0 AND version = $1", ReadVersion, arn, version).FirstOrDefault();

    private const string StateMachineColumns =
        "arn, name, definition, role_arn, type, created, updated, revision_id, logging, tracing, latest_version";

    private const string VersionColumns = "state_machine_arn, version, definition, role_arn, revision_id, description, created";

    // By position in StateMachineColumns.
    private static StateMachineRecord ReadStateMachine(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
        ParseTime(r.GetString(5)), ParseTime(r.GetString(6)), r.GetString(7), Text(r, 8), Text(r, 9), r.GetInt32(10));

    // By position in VersionColumns.
    private static StateMachineVersionRecord ReadVersion(SqliteDataReader r) => new(
        r.GetString(0), r.GetInt32(1), r.GetString(2), r.GetString(3), r.GetString(4), Text(r, 5), ParseTime(r.GetString(6)));

    // ---- executions ---------------------------------------------------------------------------------------

    private long _sequence = -1;

    /// <summary>Records a new execution (durably, before StartExecution answers, unless <paramref name="durable"/> is
    /// false: a distributed Map's child becomes durable with its first history flush).</summary>
    public Task InsertExecutionAsync(ExecutionRecord execution, CancellationToken cancellationToken = default, bool durable = true)
    {
        Enqueue(new ExecutionInsert(execution, NextSequence(), IfAbsent: false));
        return durable ? FlushAsync(cancellationToken) : Task.CompletedTask;
    }

    /// <summary>Records a new execution durably unless its ARN is taken; false when it is (nothing is written).</summary>
    public async Task<bool> TryInsertExecutionAsync(ExecutionRecord execution, CancellationToken cancellationToken = default)
    {
        var insert = new ExecutionInsert(execution, NextSequence(), IfAbsent: true);
        Enqueue(insert);
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        return !insert.Conflicted;
    }

    /// <summary>The execution as committed when this store has it in memory, else null (it may still be in the database).</summary>
    public ExecutionRecord? RecentExecution(string arn) => _executions.Find(arn);

    private long NextSequence()
    {
        if (Interlocked.Read(ref _sequence) < 0)
            Interlocked.CompareExchange(ref _sequence, Query("SELECT COALESCE(MAX(seq), 0) FROM executions", r => r.GetInt64(0)).First(), -1);
        return Interlocked.Increment(ref _sequence);
    }

    /// <summary>Marks an ended execution RUNNING again (RedriveExecution) and records its ExecutionRedriven event, in one
    /// commit; its checkpoint (the state it failed in) is where it resumes, after a restart too.</summary>
    public Task RedriveExecutionAsync(string arn, int redriveCount, DateTimeOffset redriveDate, string? clientToken, ExecutionEvent redriven, CancellationToken cancellationToken = default)
    {
        Enqueue(new Command("""
            UPDATE executions SET status = 'RUNNING', output = NULL, error = NULL, cause = NULL, stopped = NULL,
              redrive_count = $1, redrive_date = $2, redrive_token = $3 WHERE arn = $0
            """, [arn, redriveCount, Time(redriveDate), clientToken], ChangesExecutions: true));
        Enqueue(new HistoryWrite(arn, [redriven], null));
        return FlushAsync(cancellationToken);
    }

    /// <summary>Records how an execution ended.</summary>
    public Task CompleteExecutionAsync(string arn, ExecutionOutcome outcome, CancellationToken cancellationToken = default)
    {
        EnqueueCompletion(arn, outcome);
        return FlushAsync(cancellationToken);
    }

    // The checkpoint stays: it names the state a redrive restarts from.
    private void EnqueueCompletion(string arn, ExecutionOutcome outcome) =>
        Enqueue(new HistoryWrite(arn, [], null, outcome));

    private static void BindOutcome(SqliteCommand command, int first, ExecutionOutcome outcome)
    {
        command.Parameters[first].Value = outcome.Status;
        command.Parameters[first + 1].Value = (object?)outcome.Output ?? DBNull.Value;
        command.Parameters[first + 2].Value = (object?)outcome.Error ?? DBNull.Value;
        command.Parameters[first + 3].Value = (object?)outcome.Cause ?? DBNull.Value;
        command.Parameters[first + 4].Value = Time(outcome.StopDate);
    }

    // Rows committed lately, in memory (this process is the database's only writer).
    private readonly CommittedExecutions _executions = new();

    public ExecutionRecord? GetExecution(string arn) =>
        _executions.Find(arn) ?? Query($"SELECT {ExecutionColumns} FROM executions WHERE arn = $0", ReadExecution, arn).FirstOrDefault();

    /// <summary>Executions newest first: of one state machine (or version or alias) or of one Map Run, optionally of one
    /// status and redriven or not.</summary>
    public IReadOnlyList<ExecutionRecord> ListExecutions(string? stateMachineArn, string? status, int offset, int limit, string? mapRunArn = null, bool? redriven = null) =>
        Query($"""
            SELECT {ExecutionColumns} FROM executions
            WHERE ($0 IS NULL OR state_machine_arn = $0 OR version_arn = $0 OR alias_arn = $0) AND ($1 IS NULL OR status = $1)
              AND ($4 IS NULL OR map_run_arn = $4) AND ($5 IS NULL OR (redrive_count > 0) = $5)
            ORDER BY seq DESC LIMIT $2 OFFSET $3
            """, ReadExecution, stateMachineArn, status, limit, offset, mapRunArn, redriven);

    /// <summary>The executions to resume after a restart (not a distributed Map's children: their Map resumes).</summary>
    public IReadOnlyList<ExecutionRecord> RunningExecutions() =>
        Query($"SELECT {ExecutionColumns} FROM executions WHERE status = 'RUNNING' AND map_run_arn IS NULL ORDER BY seq", ReadExecution);

    /// <summary>Ends what a crash left running of distributed Maps (their parents run the Map again): children and Map Runs ABORTED.</summary>
    public Task AbortInterruptedMapRunsAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        Enqueue(new Command("UPDATE executions SET status = 'ABORTED', stopped = $0 WHERE status IN ('RUNNING', 'PENDING_REDRIVE') AND map_run_arn IS NOT NULL",
            [Time(now)], ChangesExecutions: true));
        Enqueue("UPDATE map_runs SET status = 'ABORTED', stopped = $0 WHERE status = 'RUNNING'", Time(now));
        return FlushAsync(cancellationToken);
    }

    public bool HasExecutions(string stateMachineArn) =>
        Query("SELECT 1 FROM executions WHERE state_machine_arn = $0 AND status = 'RUNNING' LIMIT 1", r => true, stateMachineArn).Count > 0;

    private const string ExecutionColumns =
        "arn, name, state_machine_arn, version_arn, status, input, output, error, cause, started, stopped, definition, role_arn, trace_header, checkpoint, last_event_id, " +
        "map_run_arn, item_count, alias_arn, redrive_count, redrive_date, redrive_token";

    // By position in ExecutionColumns (a lookup by name per column was a tenth of a DescribeExecution).
    private static ExecutionRecord ReadExecution(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), Text(r, 3), r.GetString(4),
        r.GetString(5), Text(r, 6), Text(r, 7), Text(r, 8), ParseTime(r.GetString(9)),
        Text(r, 10) is { } stopped ? ParseTime(stopped) : null, r.GetString(11), r.GetString(12),
        Text(r, 13), Text(r, 14), r.GetInt64(15))
    {
        MapRunArn = Text(r, 16),
        ItemCount = r.IsDBNull(17) ? null : r.GetInt32(17),
        StateMachineAliasArn = Text(r, 18),
        RedriveCount = r.GetInt32(19),
        RedriveDate = Text(r, 20) is { } redriven ? ParseTime(redriven) : null,
        RedriveToken = Text(r, 21),
    };

    // ---- map runs -----------------------------------------------------------------------------------------

    public Task InsertMapRunAsync(MapRunRecord run, CancellationToken cancellationToken = default)
    {
        Enqueue("""
            INSERT INTO map_runs (arn, execution_arn, state_machine_arn, status, started, max_concurrency, tolerated_failure_percentage,
              tolerated_failure_count, total_items, total_executions, seq)
            VALUES ($0, $1, $2, $3, $4, $5, $6, $7, $8, $9, (SELECT COALESCE(MAX(seq), 0) + 1 FROM map_runs))
            """, run.Arn, run.ExecutionArn, run.StateMachineArn, run.Status, Time(run.StartDate), run.MaxConcurrency, run.ToleratedFailurePercentage,
            run.ToleratedFailureCount, run.TotalItems, run.TotalExecutions);
        return FlushAsync(cancellationToken);
    }

    public Task CompleteMapRunAsync(string arn, string status, long resultsWritten, DateTimeOffset stopDate, CancellationToken cancellationToken = default)
    {
        Enqueue("UPDATE map_runs SET status = $1, results_written = $2, stopped = $3 WHERE arn = $0", arn, status, resultsWritten, Time(stopDate));
        return FlushAsync(cancellationToken);
    }

    /// <summary>Marks an ended Map Run RUNNING again (its parent was redriven), with its redrive count and date.</summary>
    public Task RedriveMapRunAsync(string arn, int redriveCount, DateTimeOffset redriveDate, CancellationToken cancellationToken = default)
    {
        Enqueue("UPDATE map_runs SET status = 'RUNNING', stopped = NULL, redrive_count = $1, redrive_date = $2 WHERE arn = $0",
            arn, redriveCount, Time(redriveDate));
        return FlushAsync(cancellationToken);
    }

    /// <summary>Sets a Map Run child's status alone: PENDING_REDRIVE while its redrive waits, and back when it never came.</summary>
    public Task SetChildStatusAsync(string arn, string status, CancellationToken cancellationToken = default)
    {
        Enqueue(new Command("UPDATE executions SET status = $1 WHERE arn = $0 AND map_run_arn IS NOT NULL", [arn, status], ChangesExecutions: true));
        return FlushAsync(cancellationToken);
    }

    /// <summary>Stores UpdateMapRun's settings (null leaves one as it is).</summary>
    public Task UpdateMapRunAsync(string arn, int? maxConcurrency, double? toleratedFailurePercentage, long? toleratedFailureCount, CancellationToken cancellationToken = default)
    {
        Enqueue("""
            UPDATE map_runs SET max_concurrency = COALESCE($1, max_concurrency),
              tolerated_failure_percentage = COALESCE($2, tolerated_failure_percentage), tolerated_failure_count = COALESCE($3, tolerated_failure_count)
            WHERE arn = $0
            """, arn, maxConcurrency, toleratedFailurePercentage, toleratedFailureCount);
        return FlushAsync(cancellationToken);
    }

    public MapRunRecord? GetMapRun(string arn) =>
        Query($"SELECT {MapRunColumns} FROM map_runs WHERE arn = $0", ReadMapRun, arn).FirstOrDefault();

    /// <summary>The Map Runs an execution started, newest first.</summary>
    public IReadOnlyList<MapRunRecord> ListMapRuns(string executionArn, int offset, int limit) =>
        Query($"SELECT {MapRunColumns} FROM map_runs WHERE execution_arn = $0 ORDER BY seq DESC LIMIT $1 OFFSET $2", ReadMapRun, executionArn, limit, offset);

    /// <summary>A Map Run's child executions by status.</summary>
    public IReadOnlyList<MapRunCount> MapRunCounts(string mapRunArn) =>
        Query("SELECT status, COUNT(*), COALESCE(SUM(item_count), 0) FROM executions WHERE map_run_arn = $0 GROUP BY status",
            r => new MapRunCount(r.GetString(0), r.GetInt64(1), r.GetInt64(2)), mapRunArn);

    private const string MapRunColumns =
        "arn, execution_arn, state_machine_arn, status, started, stopped, max_concurrency, tolerated_failure_percentage, tolerated_failure_count, total_items, total_executions, results_written, " +
        "redrive_count, redrive_date";

    private static MapRunRecord ReadMapRun(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), ParseTime(r.GetString(4)), r.IsDBNull(5) ? null : ParseTime(r.GetString(5)),
        r.GetInt32(6), r.GetDouble(7), r.GetInt64(8), r.GetInt64(9), r.GetInt64(10), r.GetInt64(11))
    {
        RedriveCount = r.GetInt32(12),
        RedriveDate = r.IsDBNull(13) ? null : ParseTime(r.GetString(13)),
    };

    // ---- versions and aliases -----------------------------------------------------------------------------

    /// <summary>A state machine's versions, newest first.</summary>
    public IReadOnlyList<StateMachineVersionRecord> ListVersions(string stateMachineArn, int offset, int limit) =>
        Query($"SELECT {VersionColumns} FROM state_machine_versions WHERE state_machine_arn = $0 ORDER BY version DESC LIMIT $1 OFFSET $2",
            ReadVersion, stateMachineArn, limit, offset);

    public Task DeleteVersionAsync(string stateMachineArn, int version, CancellationToken cancellationToken = default)
    {
        Enqueue("DELETE FROM state_machine_versions WHERE state_machine_arn = $0 AND version = $1", stateMachineArn, version);
        return FlushAsync(cancellationToken);
    }

    public Task PutAliasAsync(AliasRecord alias, CancellationToken cancellationToken = default)
    {
        Enqueue("INSERT OR REPLACE INTO aliases (arn, state_machine_arn, name, description, routing, created, updated) VALUES ($0, $1, $2, $3, $4, $5, $6)",
            alias.Arn, alias.StateMachineArn, alias.Name, alias.Description, alias.Routing, Time(alias.CreationDate), Time(alias.UpdateDate));
        return FlushAsync(cancellationToken);
    }

    public Task DeleteAliasAsync(string arn, CancellationToken cancellationToken = default)
    {
        Enqueue("DELETE FROM aliases WHERE arn = $0", arn);
        return FlushAsync(cancellationToken);
    }

    public AliasRecord? GetAlias(string arn) =>
        Query("SELECT arn, state_machine_arn, name, description, routing, created, updated FROM aliases WHERE arn = $0", ReadAlias, arn).FirstOrDefault();

    /// <summary>A state machine's aliases, by name.</summary>
    public IReadOnlyList<AliasRecord> ListAliases(string stateMachineArn) =>
        Query("SELECT arn, state_machine_arn, name, description, routing, created, updated FROM aliases WHERE state_machine_arn = $0 ORDER BY name",
            ReadAlias, stateMachineArn);

    private static AliasRecord ReadAlias(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4), ParseTime(r.GetString(5)), ParseTime(r.GetString(6)));

    // ---- activities ---------------------------------------------------------------------------------------

    public Task PutActivityAsync(ActivityRecord activity, CancellationToken cancellationToken = default)
    {
        Enqueue("INSERT OR IGNORE INTO activities (arn, name, created) VALUES ($0, $1, $2)", activity.Arn, activity.Name, Time(activity.CreationDate));
        return FlushAsync(cancellationToken);
    }

    public Task DeleteActivityAsync(string arn, CancellationToken cancellationToken = default)
    {
        Enqueue("DELETE FROM activities WHERE arn = $0", arn);
        Enqueue("DELETE FROM tags WHERE resource_arn = $0", arn);
        return FlushAsync(cancellationToken);
    }

    public ActivityRecord? GetActivity(string arn) =>
        Query("SELECT arn, name, created FROM activities WHERE arn = $0", r => new ActivityRecord(r.GetString(0), r.GetString(1), ParseTime(r.GetString(2))), arn).FirstOrDefault();

    public IReadOnlyList<ActivityRecord> ListActivities() =>
        Query("SELECT arn, name, created FROM activities ORDER BY created, arn", r => new ActivityRecord(r.GetString(0), r.GetString(1), ParseTime(r.GetString(2))));

    // ---- history ------------------------------------------------------------------------------------------

    /// <summary>The journal an execution records its history and checkpoints into; with <paramref name="end"/> other
    /// than <see cref="JournalEnd.History"/> it also records the execution's outcome when it ends
    /// (<see cref="CompleteExecutionAsync"/> in the same commit as the last events).</summary>
    public IExecutionJournal JournalFor(string executionArn, IExecutionJournal? alsoTo = null, JournalEnd end = JournalEnd.History) =>
        new Journal(this, executionArn, alsoTo, end);

    /// <summary>A page of history events in id order (or reversed), after <paramref name="afterId"/> (before, when reversed).</summary>
    public IReadOnlyList<ExecutionEvent> ReadEvents(string executionArn, long afterId, int limit, bool reverse)
    {
        var before = afterId <= 0 ? long.MaxValue : afterId;
        // Rows of the one-event-per-row table (databases written before schema 2), then the chunks.
        var events = reverse
            ? Query("SELECT body FROM events WHERE execution_arn = $0 AND id < $1 ORDER BY id DESC LIMIT $2",
                r => ExecutionEvent.FromWireJson(JsonNode.Parse(r.GetString(0))!.AsObject()), executionArn, before, limit)
            : Query("SELECT body FROM events WHERE execution_arn = $0 AND id > $1 ORDER BY id LIMIT $2",
                r => ExecutionEvent.FromWireJson(JsonNode.Parse(r.GetString(0))!.AsObject()), executionArn, afterId, limit);
        var fromChunks = new List<ExecutionEvent>();
        var session = RentReader();
        try
        {
            using var reader = session.Execute(reverse
                ? "SELECT body FROM event_chunks WHERE execution_arn = $0 AND first_id < $1 ORDER BY first_id DESC"
                : "SELECT body FROM event_chunks WHERE execution_arn = $0 AND last_id > $1 ORDER BY first_id", [executionArn, reverse ? before : afterId]);
            while (fromChunks.Count < limit && reader.Read())
            {
                var chunk = EventChunkReader.Read(reader.GetFieldValue<byte[]>(0));
                for (var i = 0; i < chunk.Count && fromChunks.Count < limit; i++)
                {
                    var item = chunk[reverse ? chunk.Count - 1 - i : i];
                    if (reverse ? item.Id < before : item.Id > afterId) fromChunks.Add(item);
                }
            }
        }
        finally
        {
            ReturnReader(session);
        }
        if (events.Count == 0) return fromChunks;
        events.AddRange(fromChunks);
        return [.. (reverse ? events.OrderByDescending(e => e.Id) : events.OrderBy(e => e.Id)).Take(limit)];
    }

    public long LastEventId(string executionArn) =>
        Query("""
            SELECT MAX(COALESCE((SELECT MAX(id) FROM events WHERE execution_arn = $0), 0),
                       COALESCE((SELECT MAX(last_id) FROM event_chunks WHERE execution_arn = $0), 0))
            """, r => r.GetInt64(0), executionArn).First();

    /// <summary>An execution's journal. It keeps what the execution records and queues it for the store in pieces of
    /// <see cref="HandOffEvents"/> events; they are committed when <see cref="FlushAsync"/> is called (the durability
    /// barrier the engine uses before a side effect and at the end) or <see cref="HandOffDelay"/> after the first
    /// event, so the history stays readable while a long step runs. A 1,000-state Pass chain is one transaction, not
    /// 3,000 writes, committed on the execution's own thread.</summary>
    private sealed class Journal(SqliteStore store, string executionArn, IExecutionJournal? alsoTo, JournalEnd end) : IExecutionJournal
    {
        private const int HandOffEvents = 256;
        public static readonly TimeSpan HandOffDelay = TimeSpan.FromMilliseconds(5);
        private readonly object _gate = new();
        private List<ExecutionEvent> _events = [];
        private Checkpoint? _checkpoint;
        private bool _armed;

        public void Record(ExecutionEvent historyEvent)
        {
            lock (_gate)
            {
                _events.Add(historyEvent);
                // A full buffer is queued but not committed yet: the next flush (often this thread's own, at the end of
                // a short execution) or the timer commits it, so a fast execution never waits on another thread.
                if (_events.Count >= HandOffEvents) HandOff();
                Arm();
            }
            alsoTo?.Record(historyEvent);
        }

        public void Save(Checkpoint checkpoint)
        {
            lock (_gate)
            {
                _checkpoint = checkpoint;
                Arm();
            }
            alsoTo?.Save(checkpoint);
        }

        public async ValueTask FlushAsync(CancellationToken cancellationToken)
        {
            lock (_gate) HandOff();
            await store.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        public async ValueTask EndAsync(ExecutionOutcome outcome, CancellationToken cancellationToken)
        {
            // After the last events, in the same commit (and the same row update as the last checkpoint): the outcome is
            // never seen without the history that led to it.
            lock (_gate)
            {
                // A succeeded execution is neither resumed nor redriven: its last checkpoint is not worth writing.
                if (end != JournalEnd.History && outcome.Status == ExecutionStatuses.Succeeded) _checkpoint = null;
                HandOff(end == JournalEnd.History ? null : outcome);
            }
            if (end == JournalEnd.OutcomeSoon) store.CommitSoon();
            else await store.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        private void HandOff(ExecutionOutcome? outcome = null)
        {
            if (_events.Count == 0 && _checkpoint is null && outcome is null) return;
            store.Enqueue(new HistoryWrite(executionArn, _events, _checkpoint, outcome));
            _events = [];
            _checkpoint = null;
        }

        // Due for a hand-off once: the store's one timer hands over whatever is there when it fires (perhaps nothing).
        private void Arm()
        {
            if (_armed) return;
            _armed = true;
            store.HandOffSoon(this);
        }

        /// <summary>The store's timer: hands over what is recorded (the store commits it next).</summary>
        public void HandOffNow()
        {
            lock (_gate)
            {
                _armed = false;
                HandOff();
            }
        }
    }

    // Journals with events not handed over yet, for the store's one hand-off timer (a timer per journal was most of
    // a distributed Map's time: 10,000 children, 10,000 timers).
    private readonly object _dueGate = new();
    private List<Journal> _due = [];
    private Timer? _handOffTimer;
    private bool _handOffArmed;

    private void HandOffSoon(Journal journal)
    {
        lock (_dueGate)
        {
            _due.Add(journal);
            if (_handOffArmed) return;
            _handOffArmed = true;
            _handOffTimer ??= new Timer(static state => ((SqliteStore)state!).HandOffDue(), this, Timeout.Infinite, Timeout.Infinite);
            try
            {
                _handOffTimer.Change(Journal.HandOffDelay, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // The store is closing: its last commit takes what was handed over; the rest was never flushed.
            }
        }
    }

    private void HandOffDue()
    {
        List<Journal> due;
        lock (_dueGate)
        {
            (due, _due) = (_due, []);
            _handOffArmed = false;
        }
        try
        {
            foreach (var journal in due) journal.HandOffNow();
            CommitSoon();
        }
        catch (ObjectDisposedException)
        {
            // The store closed first (shutdown): what was not flushed is not durable, as documented.
        }
    }

    // ---- tags ---------------------------------------------------------------------------------------------

    public Task TagAsync(string resourceArn, IEnumerable<(string Key, string Value)> tags, CancellationToken cancellationToken = default)
    {
        foreach (var (key, value) in tags) Enqueue("INSERT OR REPLACE INTO tags VALUES ($0, $1, $2)", resourceArn, key, value);
        return FlushAsync(cancellationToken);
    }

    public Task UntagAsync(string resourceArn, IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        foreach (var key in keys) Enqueue("DELETE FROM tags WHERE resource_arn = $0 AND key = $1", resourceArn, key);
        return FlushAsync(cancellationToken);
    }

    public IReadOnlyList<(string Key, string Value)> Tags(string resourceArn) =>
        Query("SELECT key, value FROM tags WHERE resource_arn = $0 ORDER BY key", r => (r.GetString(0), r.GetString(1)), resourceArn);

    // ---- plumbing -----------------------------------------------------------------------------------------

    private List<T> Query<T>(string sql, Func<SqliteDataReader, T> read, params object?[] arguments)
    {
        var session = RentReader();
        try
        {
            using var reader = session.Execute(sql, arguments);
            var rows = new List<T>();
            while (reader.Read()) rows.Add(read(reader));
            return rows;
        }
        finally
        {
            ReturnReader(session);
        }
    }

    // Reads go through open connections that keep their prepared statements (preparing a statement each time was a
    // third of a DescribeExecution); one per concurrent reader, kept for the next.
    private readonly System.Collections.Concurrent.ConcurrentBag<ReaderSession> _readers = [];

    private ReaderSession RentReader()
    {
        return _readers.TryTake(out var session) ? session : new ReaderSession(_connectionString);
    }

    private void ReturnReader(ReaderSession session)
    {
        if (Volatile.Read(ref _disposed) || _readers.Count >= 32) session.Dispose();
        else _readers.Add(session);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }


    private static string? Text(SqliteDataReader r, int column) => r.IsDBNull(column) ? null : r.GetString(column);

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.TryParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public async ValueTask DisposeAsync()
    {
        await _commitGate.WaitAsync().ConfigureAwait(false);
        try
        {
            lock (_queueGate) _disposed = true;
            try
            {
                CommitQueued();
            }
            catch (Exception)
            {
                // Closing: a write that fails now had no flush waiting for it.
            }
            foreach (var sql in _prepared.Values) sql.Dispose();
        }
        finally
        {
            _commitGate.Release();
        }
        CompleteReleased();
        if (_handOffTimer is not null) await _handOffTimer.DisposeAsync().ConfigureAwait(false);
        _writer.Dispose();
        while (_readers.TryTake(out var session)) session.Dispose();
        SqliteConnection.ClearAllPools();
    }
}
