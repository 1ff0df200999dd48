using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Stepwise.Aws.Logs;
using Stepwise.Local.Storage;

namespace Stepwise.Local.Logs;

/// <summary>
/// Local CloudWatch Logs: log groups, streams and events with AWS's rules, in one SQLite database
/// (<c>{directory}/logs.db</c>, WAL). SQLite rather than append-only files because every read is an ordered range —
/// a stream's events by (timestamp, id) from either end, a group's events across streams, streams by name or last event
/// time — which indexes answer directly, and because a PutLogEvents batch must land whole or not at all.
/// Sequence tokens are ignored, as AWS now ignores them. Time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed partial class LocalLogs : ILogs, IDisposable
{
    /// <summary>AWS's cap on a PutLogEvents batch: the messages' UTF-8 bytes plus 26 bytes per event.</summary>
    public const int MaxBatchBytes = 1_048_576;

    /// <summary>AWS's cap on events in one PutLogEvents batch.</summary>
    public const int MaxBatchEvents = 10_000;

    private const int EventOverheadBytes = 26;
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly string _region;
    private readonly string _account;
    private SqliteTransaction? _transaction;

    /// <summary>Local logs stored in <paramref name="directory"/> (created when missing).</summary>
    public LocalLogs(string directory, TimeProvider? time = null, string region = "us-east-1", string account = "123456789012")
    {
        Directory.CreateDirectory(directory);
        DatabasePath = Path.Combine(directory, "logs.db");
        _time = time ?? TimeProvider.System;
        _region = region;
        _account = account;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        _connection.Open();
        try
        {
            Execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
            SchemaVersion = SqliteSchema.Migrate(_connection, Migrations);
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    /// <summary>The SQLite database file.</summary>
    public string DatabasePath { get; }

    /// <summary>The schema version of the database (<c>PRAGMA user_version</c>) once opened: <see cref="LatestSchemaVersion"/>.</summary>
    public int SchemaVersion { get; }

    /// <summary>The schema this code writes: the number of <see cref="Migrations"/>.</summary>
    public static int LatestSchemaVersion => Migrations.Count;

    /// <summary>The schema, as the steps that build it (see <see cref="SqliteSchema"/>): add a step here to change it;
    /// never edit one that has shipped.</summary>
    internal static IReadOnlyList<string> Migrations { get; } =
    [
        // 1: groups, streams, events (databases from before versioning are at 0 with these tables already there, hence
        // IF NOT EXISTS).
        """
        CREATE TABLE IF NOT EXISTS log_groups (
            name TEXT PRIMARY KEY, created INTEGER NOT NULL, class TEXT NOT NULL, kms_key_id TEXT,
            deletion_protection INTEGER NOT NULL DEFAULT 0, stored_bytes INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS log_streams (
            group_name TEXT NOT NULL, name TEXT NOT NULL, created INTEGER NOT NULL, first_event INTEGER, last_event INTEGER,
            last_ingestion INTEGER, PRIMARY KEY (group_name, name)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS log_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT, group_name TEXT NOT NULL, stream_name TEXT NOT NULL,
            timestamp INTEGER NOT NULL, ingestion INTEGER NOT NULL, message TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS log_events_by_stream ON log_events (group_name, stream_name, timestamp, id);
        CREATE INDEX IF NOT EXISTS log_events_by_group ON log_events (group_name, timestamp, id);
        """,
    ];

    [GeneratedRegex(@"^[\.\-_/#A-Za-z0-9]{1,512}$")]
    private static partial Regex GroupNamePattern();

    public Task<CreateLogGroupOutput> CreateLogGroupAsync(CreateLogGroupRequest input, CancellationToken cancellationToken = default)
    {
        ValidateGroupName(input.LogGroupName, "logGroupName");
        var logGroupClass = input.LogGroupClass ?? LogGroupClass.Standard;
        if (!LogGroupClass.Values.Contains(logGroupClass))
            throw LogsErrors.Constraint(logGroupClass, "logGroupClass", $"Member must satisfy enum value set: [{string.Join(", ", LogGroupClass.Values)}]");
        lock (_gate)
        {
            if (GroupExists(input.LogGroupName)) throw LogsErrors.LogGroupExists();
            Execute("INSERT INTO log_groups (name, created, class, kms_key_id, deletion_protection) VALUES ($0, $1, $2, $3, $4)",
                input.LogGroupName, Now(), logGroupClass, input.KmsKeyId, input.DeletionProtectionEnabled == true ? 1 : 0);
        }
        return Task.FromResult(new CreateLogGroupOutput());
    }

    public Task<CreateLogStreamOutput> CreateLogStreamAsync(CreateLogStreamRequest input, CancellationToken cancellationToken = default)
    {
        ValidateGroupName(input.LogGroupName, "logGroupName");
        ValidateStreamName(input.LogStreamName, "logStreamName");
        lock (_gate)
        {
            if (!GroupExists(input.LogGroupName)) throw LogsErrors.LogGroupNotFound();
            if (StreamExists(input.LogGroupName, input.LogStreamName)) throw LogsErrors.LogStreamExists();
            Execute("INSERT INTO log_streams (group_name, name, created) VALUES ($0, $1, $2)", input.LogGroupName, input.LogStreamName, Now());
        }
        return Task.FromResult(new CreateLogStreamOutput());
    }

    public Task<DeleteLogGroupOutput> DeleteLogGroupAsync(DeleteLogGroupRequest input, CancellationToken cancellationToken = default)
    {
        ValidateGroupName(input.LogGroupName, "logGroupName");
        lock (_gate)
        {
            var protection = Query("SELECT deletion_protection FROM log_groups WHERE name = $0", r => r.GetInt64(0), input.LogGroupName);
            if (protection.Count == 0) throw LogsErrors.LogGroupNotFound();
            if (protection[0] != 0) throw LogsErrors.DeletionProtected(input.LogGroupName);
            InTransaction(() =>
            {
                Execute("DELETE FROM log_events WHERE group_name = $0", input.LogGroupName);
                Execute("DELETE FROM log_streams WHERE group_name = $0", input.LogGroupName);
                Execute("DELETE FROM log_groups WHERE name = $0", input.LogGroupName);
            });
        }
        return Task.FromResult(new DeleteLogGroupOutput());
    }

    /// <summary>Groups by name; <c>logGroupNamePrefix</c> or <c>logGroupNamePattern</c> (a case-insensitive substring), not both.</summary>
    public Task<DescribeLogGroupsResponse> DescribeLogGroupsAsync(DescribeLogGroupsRequest input, CancellationToken cancellationToken = default)
    {
        if (input.LogGroupNamePrefix is not null && input.LogGroupNamePattern is not null)
            throw LogsErrors.InvalidParameter("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.");
        if (input.LogGroupIdentifiers is not null && (input.LogGroupNamePrefix ?? input.LogGroupNamePattern) is not null)
            throw LogsErrors.InvalidParameter("logGroupIdentifiers cannot be combined with logGroupNamePrefix or logGroupNamePattern.");
        var limit = Limit(input.Limit, 50, "limit");
        var offset = Offset(input.NextToken);
        List<LogGroup> groups;
        lock (_gate)
        {
            groups = Query("SELECT name, created, class, kms_key_id, deletion_protection, stored_bytes FROM log_groups ORDER BY name", r => new LogGroup
            {
                LogGroupName = r.GetString(0),
                CreationTime = r.GetInt64(1),
                LogGroupClass = r.GetString(2),
                KmsKeyId = r.IsDBNull(3) ? null : r.GetString(3),
                DeletionProtectionEnabled = r.GetInt64(4) != 0,
                StoredBytes = r.GetInt64(5),
                MetricFilterCount = 0,
                Arn = GroupArn(r.GetString(0)) + ":*",
                LogGroupArn = GroupArn(r.GetString(0)),
            });
        }
        IEnumerable<LogGroup> selected = groups;
        if (input.LogGroupNamePrefix is { } prefix) selected = selected.Where(g => g.LogGroupName!.StartsWith(prefix, StringComparison.Ordinal));
        if (input.LogGroupNamePattern is { } pattern) selected = selected.Where(g => g.LogGroupName!.Contains(pattern, StringComparison.OrdinalIgnoreCase));
        if (input.LogGroupIdentifiers is { } identifiers)
        {
            var names = identifiers.Select(GroupNameOf).ToHashSet(StringComparer.Ordinal);
            selected = selected.Where(g => names.Contains(g.LogGroupName!));
        }
        if (input.LogGroupClass is { } logGroupClass) selected = selected.Where(g => g.LogGroupClass == logGroupClass);
        var all = selected.ToList();
        var page = all.Skip(offset).Take(limit).ToList();
        return Task.FromResult(new DescribeLogGroupsResponse
        {
            LogGroups = page,
            NextToken = offset + page.Count < all.Count ? OffsetToken(offset + page.Count) : null,
        });
    }

    /// <summary>Streams of a group, by name (optionally under a prefix) or by last event time (no prefix then, as on AWS).</summary>
    public Task<DescribeLogStreamsResponse> DescribeLogStreamsAsync(DescribeLogStreamsRequest input, CancellationToken cancellationToken = default)
    {
        var group = ResolveGroup(input.LogGroupName, input.LogGroupIdentifier);
        var orderBy = input.OrderBy ?? OrderBy.LogStreamName;
        if (!OrderBy.Values.Contains(orderBy))
            throw LogsErrors.Constraint(orderBy, "orderBy", $"Member must satisfy enum value set: [{string.Join(", ", OrderBy.Values)}]");
        if (orderBy == OrderBy.LastEventTime && input.LogStreamNamePrefix is not null)
            throw LogsErrors.InvalidParameter("Cannot order by LastEventTime with a logStreamNamePrefix.");
        var limit = Limit(input.Limit, 50, "limit");
        var offset = Offset(input.NextToken);
        var direction = input.Descending == true ? "DESC" : "ASC";
        var order = orderBy == OrderBy.LastEventTime ? $"COALESCE(last_event, 0) {direction}, name {direction}" : $"name {direction}";
        List<LogStream> streams;
        lock (_gate)
        {
            if (!GroupExists(group)) throw LogsErrors.LogGroupNotFound();
            streams = Query($"""
                SELECT name, created, first_event, last_event, last_ingestion
                FROM log_streams WHERE group_name = $0 AND substr(name, 1, length($1)) = $1 ORDER BY {order} LIMIT $2 OFFSET $3
                """, r => new LogStream
            {
                LogStreamName = r.GetString(0),
                CreationTime = r.GetInt64(1),
                FirstEventTimestamp = r.IsDBNull(2) ? null : r.GetInt64(2),
                LastEventTimestamp = r.IsDBNull(3) ? null : r.GetInt64(3),
                LastIngestionTime = r.IsDBNull(4) ? null : r.GetInt64(4),
                Arn = $"{GroupArn(group)}:log-stream:{r.GetString(0)}",
                // Deprecated for streams in 2019; AWS reports zero.
                StoredBytes = 0,
            }, group, input.LogStreamNamePrefix ?? "", limit + 1, offset);
        }
        var more = streams.Count > limit;
        return Task.FromResult(new DescribeLogStreamsResponse
        {
            LogStreams = streams.Take(limit).ToList(),
            NextToken = more ? OffsetToken(offset + limit) : null,
        });
    }

    /// <summary>A writer that appends lines to <paramref name="group"/>/<paramref name="stream"/>, creating both when missing:
    /// the way other local services (a training job's stdout, a Lambda's output) send their logs here.</summary>
    public async Task<LogStreamWriter> WriterForAsync(string group, string stream, CancellationToken cancellationToken = default)
    {
        try
        {
            await CreateLogGroupAsync(new CreateLogGroupRequest { LogGroupName = group }, cancellationToken).ConfigureAwait(false);
        }
        catch (LogsException e) when (e.ErrorCode == LogsErrorCodes.ResourceAlreadyExistsException)
        {
        }
        try
        {
            await CreateLogStreamAsync(new CreateLogStreamRequest { LogGroupName = group, LogStreamName = stream }, cancellationToken).ConfigureAwait(false);
        }
        catch (LogsException e) when (e.ErrorCode == LogsErrorCodes.ResourceAlreadyExistsException)
        {
        }
        return new LogStreamWriter(this, group, stream, _time);
    }

    public void Dispose()
    {
        _connection.Dispose();
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private string GroupArn(string group) => $"arn:aws:logs:{_region}:{_account}:log-group:{group}";

    /// <summary>A group named by <c>logGroupName</c> or <c>logGroupIdentifier</c> (its name or ARN): exactly one of them.</summary>
    private static string ResolveGroup(string? name, string? identifier)
    {
        if (name is not null && identifier is not null)
            throw LogsErrors.InvalidParameter("LogGroup name and LogGroup ARN are mutually exclusive parameters.");
        var group = name ?? (identifier is null ? null : GroupNameOf(identifier));
        if (group is null) throw LogsErrors.InvalidParameter("Either logGroupName or logGroupIdentifier must be specified.");
        ValidateGroupName(group, name is null ? "logGroupIdentifier" : "logGroupName");
        return group;
    }

    /// <summary>The name in a log group ARN (<c>arn:aws:logs:…:log-group:NAME[:*]</c>), or the identifier itself.</summary>
    private static string GroupNameOf(string identifier)
    {
        const string marker = ":log-group:";
        if (!identifier.StartsWith("arn:", StringComparison.Ordinal)) return identifier;
        var at = identifier.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0) throw LogsErrors.InvalidParameter($"The log group identifier '{identifier}' is not a log group ARN.");
        var name = identifier[(at + marker.Length)..];
        return name.EndsWith(":*", StringComparison.Ordinal) ? name[..^2] : name;
    }

    private static void ValidateGroupName(string? name, string member)
    {
        if (name is null || !GroupNamePattern().IsMatch(name))
            throw LogsErrors.Constraint(name, member, @"Member must satisfy regular expression pattern: [\.\-_/#A-Za-z0-9]+ and have length between 1 and 512");
    }

    private static void ValidateStreamName(string? name, string member)
    {
        if (name is not { Length: >= 1 and <= 512 } || name.IndexOfAny([':', '*']) >= 0)
            throw LogsErrors.Constraint(name, member, "Member must satisfy regular expression pattern: [^:*]* and have length between 1 and 512");
    }

    private static int Limit(int? limit, int max, string member)
    {
        if (limit is null) return max;
        if (limit < 1 || limit > max) throw LogsErrors.Constraint(limit.Value.ToString(CultureInfo.InvariantCulture), member, $"Member must have value between 1 and {max}");
        return limit.Value;
    }

    private static int Offset(string? token)
    {
        if (token is null) return 0;
        return token.StartsWith("o/", StringComparison.Ordinal) && int.TryParse(token.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? offset
            : throw LogsErrors.InvalidToken();
    }

    private static string OffsetToken(int offset) => "o/" + offset.ToString(CultureInfo.InvariantCulture);

    private bool GroupExists(string group) => Query("SELECT 1 FROM log_groups WHERE name = $0", _ => 1, group).Count > 0;

    private bool StreamExists(string group, string stream) =>
        Query("SELECT 1 FROM log_streams WHERE group_name = $0 AND name = $1", _ => 1, group, stream).Count > 0;

    /// <summary>Runs <paramref name="work"/> as one transaction (callers hold the gate).</summary>
    private void InTransaction(Action work)
    {
        _transaction = _connection.BeginTransaction();
        try
        {
            work();
            _transaction.Commit();
        }
        finally
        {
            _transaction.Dispose();
            _transaction = null;
        }
    }

    private void Execute(string sql, params object?[] arguments)
    {
        using var command = Command(sql, arguments);
        command.ExecuteNonQuery();
    }

    private List<T> Query<T>(string sql, Func<SqliteDataReader, T> read, params object?[] arguments)
    {
        using var command = Command(sql, arguments);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(read(reader));
        return rows;
    }

    private SqliteCommand Command(string sql, object?[] arguments)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        for (var i = 0; i < arguments.Length; i++) command.Parameters.AddWithValue("$" + i.ToString(CultureInfo.InvariantCulture), arguments[i] ?? DBNull.Value);
        return command;
    }
}
