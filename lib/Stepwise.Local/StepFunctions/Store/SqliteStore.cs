using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Stepwise.Local.StepFunctions.Runtime;
using Stepwise.Local.Storage;

namespace Stepwise.Local.StepFunctions.Store;

/// <summary>The durable store of the local Step Functions: state machines, versions, executions, their full
/// history and tags, in one SQLite database (WAL mode) under a data directory.</summary>
/// <remarks>Writes go through a single writer that commits whatever has queued up in one transaction (group
/// commit), so thousands of transitions per second cost a handful of commits. <see cref="FlushAsync"/> is the
/// durability barrier: once it returns, everything queued before it survives a kill -9.</remarks>
public sealed class SqliteStore : IAsyncDisposable
{
    private const int MaxBatch = 4096;
    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly Channel<Write> _writes = Channel.CreateUnbounded<Write>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writerLoop;

    private SqliteStore(string path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        _writer = new SqliteConnection(_connectionString);
        _writer.Open();
        try
        {
            Execute(_writer, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
            SchemaVersion = SqliteSchema.Migrate(_writer, Migrations);
        }
        catch
        {
            _writer.Dispose();
            SqliteConnection.ClearPool(_writer);
            throw;
        }
        _writerLoop = Task.Run(WriteLoopAsync);
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
    ];

    // ---- writes -------------------------------------------------------------------------------------------

    private abstract record Write;
    private record Command(string Sql, object?[] Arguments) : Write;

    // A write that only the latest of its key matters for (an execution's checkpoint): within one batch the
    // earlier ones are skipped.
    private sealed record Replaceable(string Key, string Sql, object?[] Arguments) : Command(Sql, Arguments);
    private sealed record Barrier(TaskCompletionSource Done) : Write;

    private void Enqueue(string sql, params object?[] arguments)
    {
        if (!_writes.Writer.TryWrite(new Command(sql, arguments)))
            throw new ObjectDisposedException(nameof(SqliteStore));
    }

    private void EnqueueReplaceable(string key, string sql, params object?[] arguments)
    {
        if (!_writes.Writer.TryWrite(new Replaceable(key, sql, arguments)))
            throw new ObjectDisposedException(nameof(SqliteStore));
    }

    /// <summary>Returns once every write queued so far is committed.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_writes.Writer.TryWrite(new Barrier(done))) return Task.CompletedTask;
        return done.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Write>(MaxBatch);
        var prepared = new Dictionary<string, SqliteCommand>(StringComparer.Ordinal);
        while (await _writes.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _writes.Reader.TryRead(out var write)) batch.Add(write);
            var latest = new Dictionary<string, Replaceable>(StringComparer.Ordinal);
            foreach (var write in batch)
                if (write is Replaceable replaceable) latest[replaceable.Key] = replaceable;
            Exception? failure = null;
            try
            {
                using var transaction = _writer.BeginTransaction();
                foreach (var write in batch)
                {
                    if (write is not Command command) continue;
                    if (command is Replaceable r && !ReferenceEquals(latest[r.Key], r)) continue;
                    if (!prepared.TryGetValue(command.Sql, out var sql))
                    {
                        sql = _writer.CreateCommand();
                        sql.CommandText = command.Sql;
                        for (var i = 0; i < command.Arguments.Length; i++) sql.Parameters.Add(new SqliteParameter("$" + i, null));
                        sql.Prepare();
                        prepared[command.Sql] = sql;
                    }
                    sql.Transaction = transaction;
                    for (var i = 0; i < command.Arguments.Length; i++) sql.Parameters[i].Value = Value(command.Arguments[i]);
                    sql.ExecuteNonQuery();
                }
                transaction.Commit();
            }
            catch (Exception error)
            {
                failure = error;
            }
            foreach (var write in batch)
            {
                if (write is not Barrier barrier) continue;
                if (failure is null) barrier.Done.TrySetResult();
                else barrier.Done.TrySetException(failure);
            }
        }
        foreach (var sql in prepared.Values) sql.Dispose();
    }

    // ---- state machines -----------------------------------------------------------------------------------

    public Task PutStateMachineAsync(StateMachineRecord machine, CancellationToken cancellationToken = default)
    {
        Enqueue("""
            INSERT INTO state_machines (arn, name, definition, role_arn, type, created, updated, revision_id, logging, tracing, latest_version)
            VALUES ($0, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (arn) DO UPDATE SET definition = excluded.definition, role_arn = excluded.role_arn, updated = excluded.updated,
              revision_id = excluded.revision_id, logging = excluded.logging, tracing = excluded.tracing, latest_version = excluded.latest_version
            """,
            machine.Arn, machine.Name, machine.Definition, machine.RoleArn, machine.Type, Time(machine.CreationDate), Time(machine.UpdateDate),
            machine.RevisionId, machine.LoggingConfiguration, machine.TracingConfiguration, machine.LatestVersion);
        return FlushAsync(cancellationToken);
    }

    public Task PutVersionAsync(StateMachineVersionRecord version, CancellationToken cancellationToken = default)
    {
        Enqueue("INSERT OR REPLACE INTO state_machine_versions VALUES ($0, $1, $2, $3, $4, $5, $6)",
            version.StateMachineArn, version.Version, version.Definition, version.RoleArn, version.RevisionId, version.Description, Time(version.CreationDate));
        return FlushAsync(cancellationToken);
    }

    public Task DeleteStateMachineAsync(string arn, CancellationToken cancellationToken = default)
    {
        Enqueue("DELETE FROM state_machines WHERE arn = $0", arn);
        Enqueue("DELETE FROM state_machine_versions WHERE state_machine_arn = $0", arn);
        Enqueue("DELETE FROM tags WHERE resource_arn = $0", arn);
        return FlushAsync(cancellationToken);
    }

    public StateMachineRecord? GetStateMachine(string arn) =>
        Query($"SELECT {StateMachineColumns} FROM state_machines WHERE arn = $0", ReadStateMachine, arn).FirstOrDefault();

    public IReadOnlyList<StateMachineRecord> ListStateMachines() =>
        Query($"SELECT {StateMachineColumns} FROM state_machines ORDER BY created, arn", ReadStateMachine);

    public StateMachineVersionRecord? GetVersion(string arn, int version) =>
        Query($"SELECT {VersionColumns} FROM state_machine_versions WHERE state_machine_arn = $0 AND version = $1", ReadVersion, arn, version).FirstOrDefault();

    private const string StateMachineColumns =
        "arn, name, definition, role_arn, type, created, updated, revision_id, logging, tracing, latest_version";

    private const string VersionColumns = "state_machine_arn, version, definition, role_arn, revision_id, description, created";

    private static StateMachineRecord ReadStateMachine(SqliteDataReader r) => new(
        Required(r, "arn"), Required(r, "name"), Required(r, "definition"), Required(r, "role_arn"), Required(r, "type"),
        ParseTime(Required(r, "created")), ParseTime(Required(r, "updated")), Required(r, "revision_id"), Text(r, "logging"),
        Text(r, "tracing"), r.GetInt32(r.GetOrdinal("latest_version")));

    private static StateMachineVersionRecord ReadVersion(SqliteDataReader r) => new(
        Required(r, "state_machine_arn"), r.GetInt32(r.GetOrdinal("version")), Required(r, "definition"), Required(r, "role_arn"),
        Required(r, "revision_id"), Text(r, "description"), ParseTime(Required(r, "created")));

    // ---- executions ---------------------------------------------------------------------------------------

    private long _sequence = -1;

    /// <summary>Records a new execution (durably, before StartExecution answers).</summary>
    public Task InsertExecutionAsync(ExecutionRecord execution, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Read(ref _sequence) < 0)
            Interlocked.CompareExchange(ref _sequence, Query("SELECT COALESCE(MAX(seq), 0) FROM executions", r => r.GetInt64(0)).First(), -1);
        Enqueue("""
            INSERT INTO executions (arn, name, state_machine_arn, version_arn, status, input, started, definition, role_arn, trace_header, seq)
            VALUES ($0, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """,
            execution.Arn, execution.Name, execution.StateMachineArn, execution.StateMachineVersionArn, execution.Status, execution.Input,
            Time(execution.StartDate), execution.Definition, execution.RoleArn, execution.TraceHeader, Interlocked.Increment(ref _sequence));
        return FlushAsync(cancellationToken);
    }

    /// <summary>Records how an execution ended.</summary>
    public Task CompleteExecutionAsync(string arn, ExecutionOutcome outcome, CancellationToken cancellationToken = default)
    {
        Enqueue("UPDATE executions SET status = $1, output = $2, error = $3, cause = $4, stopped = $5, checkpoint = NULL WHERE arn = $0",
            arn, outcome.Status, outcome.Output, outcome.Error, outcome.Cause, Time(outcome.StopDate));
        return FlushAsync(cancellationToken);
    }

    public ExecutionRecord? GetExecution(string arn) =>
        Query($"SELECT {ExecutionColumns} FROM executions WHERE arn = $0", ReadExecution, arn).FirstOrDefault();

    /// <summary>Executions newest first, optionally of one state machine and one status.</summary>
    public IReadOnlyList<ExecutionRecord> ListExecutions(string? stateMachineArn, string? status, int offset, int limit) =>
        Query($"""
            SELECT {ExecutionColumns} FROM executions
            WHERE ($0 IS NULL OR state_machine_arn = $0 OR version_arn = $0) AND ($1 IS NULL OR status = $1)
            ORDER BY seq DESC LIMIT $2 OFFSET $3
            """, ReadExecution, stateMachineArn, status, limit, offset);

    /// <summary>The executions to resume after a restart.</summary>
    public IReadOnlyList<ExecutionRecord> RunningExecutions() =>
        Query($"SELECT {ExecutionColumns} FROM executions WHERE status = 'RUNNING' ORDER BY seq", ReadExecution);

    public bool HasExecutions(string stateMachineArn) =>
        Query("SELECT 1 FROM executions WHERE state_machine_arn = $0 AND status = 'RUNNING' LIMIT 1", r => true, stateMachineArn).Count > 0;

    private const string ExecutionColumns =
        "arn, name, state_machine_arn, version_arn, status, input, output, error, cause, started, stopped, definition, role_arn, trace_header, checkpoint, last_event_id";

    private static ExecutionRecord ReadExecution(SqliteDataReader r) => new(
        Required(r, "arn"), Required(r, "name"), Required(r, "state_machine_arn"), Text(r, "version_arn"), Required(r, "status"),
        Required(r, "input"), Text(r, "output"), Text(r, "error"), Text(r, "cause"), ParseTime(Required(r, "started")),
        Text(r, "stopped") is { } stopped ? ParseTime(stopped) : null, Required(r, "definition"), Required(r, "role_arn"),
        Text(r, "trace_header"), Text(r, "checkpoint"), r.GetInt64(r.GetOrdinal("last_event_id")));

    // ---- history ------------------------------------------------------------------------------------------

    /// <summary>The journal an execution records its history and checkpoints into.</summary>
    public IExecutionJournal JournalFor(string executionArn, IExecutionJournal? alsoTo = null) => new Journal(this, executionArn, alsoTo);

    /// <summary>A page of history events in id order (or reversed), after <paramref name="afterId"/> (before, when reversed).</summary>
    public IReadOnlyList<ExecutionEvent> ReadEvents(string executionArn, long afterId, int limit, bool reverse) =>
        reverse
            ? Query("SELECT body FROM events WHERE execution_arn = $0 AND id < $1 ORDER BY id DESC LIMIT $2",
                r => ExecutionEvent.FromWireJson(JsonNode.Parse(r.GetString(0))!.AsObject()), executionArn, afterId <= 0 ? long.MaxValue : afterId, limit)
            : Query("SELECT body FROM events WHERE execution_arn = $0 AND id > $1 ORDER BY id LIMIT $2",
                r => ExecutionEvent.FromWireJson(JsonNode.Parse(r.GetString(0))!.AsObject()), executionArn, afterId, limit);

    public long LastEventId(string executionArn) =>
        Query("SELECT COALESCE(MAX(id), 0) FROM events WHERE execution_arn = $0", r => r.GetInt64(0), executionArn).First();

    private sealed class Journal(SqliteStore store, string executionArn, IExecutionJournal? alsoTo) : IExecutionJournal
    {
        public void Record(ExecutionEvent historyEvent)
        {
            store.Enqueue("INSERT OR REPLACE INTO events (execution_arn, id, body) VALUES ($0, $1, $2)",
                executionArn, historyEvent.Id, historyEvent);
            alsoTo?.Record(historyEvent);
        }

        public void Save(Checkpoint checkpoint)
        {
            store.EnqueueReplaceable("checkpoint:" + executionArn, "UPDATE executions SET checkpoint = $1, last_event_id = $2 WHERE arn = $0",
                executionArn, checkpoint, checkpoint.LastEventId);
            alsoTo?.Save(checkpoint);
        }

        public async ValueTask FlushAsync(CancellationToken cancellationToken) =>
            await store.FlushAsync(cancellationToken).ConfigureAwait(false);
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
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < arguments.Length; i++) command.Parameters.AddWithValue("$" + i, arguments[i] ?? DBNull.Value);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(read(reader));
        return rows;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    // Events and checkpoints are serialized on the writer thread (and superseded checkpoints never are).
    private static object Value(object? argument) => argument switch
    {
        null => DBNull.Value,
        Checkpoint checkpoint => checkpoint.ToJson().ToJsonString(),
        ExecutionEvent historyEvent => historyEvent.ToWireJson().ToJsonString(),
        _ => argument,
    };

    private static string? Text(SqliteDataReader r, string column) => r.GetOrdinal(column) is var i && r.IsDBNull(i) ? null : r.GetString(i);

    private static string Required(SqliteDataReader r, string column) => r.GetString(r.GetOrdinal(column));

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        await _writerLoop.ConfigureAwait(false);
        _writer.Dispose();
        SqliteConnection.ClearAllPools();
    }
}
