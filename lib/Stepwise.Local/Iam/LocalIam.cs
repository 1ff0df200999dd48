using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Stepwise.Aws.Iam;
using Stepwise.Local.Storage;

namespace Stepwise.Local.Iam;

/// <summary>
/// Local IAM: roles with trust policies, inline and managed policies, attachments, tags and permissions boundaries, in
/// one SQLite database (<c>{directory}/iam.db</c>, WAL: a statement that returned is on disk, so a killed process loses
/// nothing), with AWS's names, ids, limits and errors. The AWS managed policies are the shipped
/// <see cref="AwsManagedPolicies"/>. Every document is checked by <see cref="PolicyDocumentParser"/> when it is put, so
/// what is stored can always be evaluated. Also the store of the temporary credentials STS issues (see LocalIam.Sessions.cs).
/// </summary>
public sealed partial class LocalIam : IIam, IDisposable
{
    /// <summary>AWS's quota on a role's trust policy (ACLSizePerRole, characters without whitespace).</summary>
    public const int MaxTrustPolicySize = 2048;
    /// <summary>AWS's quota on the inline policies of a role together (characters without whitespace).</summary>
    public const int MaxInlinePolicySize = 10240;
    /// <summary>AWS's quota on a managed policy (characters without whitespace).</summary>
    public const int MaxManagedPolicySize = 6144;
    /// <summary>AWS's default quota of managed policies attached to a role.</summary>
    public const int MaxAttachedPolicies = 10;

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<(string, PolicyKind), PolicyDocument> _parsed = new();
    private SqliteTransaction? _transaction;

    /// <summary>Local IAM stored in <paramref name="directory"/> (created when missing) for <paramref name="accountId"/>.</summary>
    public LocalIam(string directory, string accountId = "123456789012", TimeProvider? time = null)
    {
        Directory.CreateDirectory(directory);
        AccountId = accountId;
        DatabasePath = Path.Combine(directory, "iam.db");
        _time = time ?? TimeProvider.System;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        _connection.Open();
        try
        {
            Execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;");
            SqliteSchema.Migrate(_connection, Migrations);
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    /// <summary>The account its ARNs name.</summary>
    public string AccountId { get; }

    /// <summary>The SQLite database file.</summary>
    public string DatabasePath { get; }

    /// <summary>The schema as numbered steps (see <see cref="SqliteSchema"/>); never edit one that has shipped.</summary>
    internal static IReadOnlyList<string> Migrations { get; } =
    [
        """
        CREATE TABLE roles (
            name TEXT NOT NULL PRIMARY KEY COLLATE NOCASE, path TEXT NOT NULL, id TEXT NOT NULL UNIQUE, created INTEGER NOT NULL,
            trust TEXT NOT NULL, description TEXT, max_session INTEGER NOT NULL, boundary TEXT, tags TEXT NOT NULL);
        CREATE TABLE role_policies (
            role TEXT NOT NULL COLLATE NOCASE REFERENCES roles (name) ON DELETE CASCADE, name TEXT NOT NULL COLLATE NOCASE,
            document TEXT NOT NULL, PRIMARY KEY (role, name)) WITHOUT ROWID;
        CREATE TABLE policies (
            arn TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE, path TEXT NOT NULL, id TEXT NOT NULL,
            created INTEGER NOT NULL, updated INTEGER NOT NULL, description TEXT, default_version TEXT NOT NULL,
            tags TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE policy_versions (
            arn TEXT NOT NULL REFERENCES policies (arn) ON DELETE CASCADE, version TEXT NOT NULL, document TEXT NOT NULL,
            created INTEGER NOT NULL, PRIMARY KEY (arn, version)) WITHOUT ROWID;
        CREATE TABLE attachments (
            role TEXT NOT NULL COLLATE NOCASE REFERENCES roles (name) ON DELETE CASCADE, arn TEXT NOT NULL,
            PRIMARY KEY (role, arn)) WITHOUT ROWID;
        CREATE TABLE sessions (
            access_key_id TEXT NOT NULL PRIMARY KEY, secret TEXT NOT NULL, token TEXT NOT NULL, role_arn TEXT NOT NULL,
            role_id TEXT NOT NULL, session_name TEXT NOT NULL, expires INTEGER NOT NULL, session_policy TEXT,
            source_identity TEXT, tags TEXT NOT NULL, created INTEGER NOT NULL) WITHOUT ROWID;
        """,
    ];

    /// <inheritdoc/>
    public void Dispose() => _connection.Dispose();

    // ---- validation, with the model's constraints and IAM's wording ----

    [GeneratedRegex(@"^[\w+=,.@-]+$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^((/)|(/[\u0021-\u007E]+/))$")]
    private static partial Regex PathPattern();

    private static void ValidateName(string? value, string member, int max)
    {
        if (string.IsNullOrEmpty(value))
            throw IamErrors.Constraint(value, member, "Member must have length greater than or equal to 1");
        if (value.Length > max)
            throw IamErrors.Constraint(value, member, $"Member must have length less than or equal to {max}");
        if (!NamePattern().IsMatch(value))
            throw IamErrors.Constraint(value, member, @"Member must satisfy regular expression pattern: [\w+=,.@-]+");
    }

    private static string ValidatePath(string? path, string member)
    {
        path ??= "/";
        if (path.Length > 512)
            throw IamErrors.Constraint(path, member, "Member must have length less than or equal to 512");
        if (!PathPattern().IsMatch(path))
            throw IamErrors.Constraint(path, member, @"Member must satisfy regular expression pattern: (\u002F)|(\u002F[\u0021-\u007E]+\u002F)");
        return path;
    }

    private static void ValidateDescription(string? description)
    {
        if (description is { Length: > 1000 })
            throw IamErrors.Constraint(description, "description", "Member must have length less than or equal to 1000");
    }

    private static int PageSize(int? maxItems)
    {
        if (maxItems is < 1 or > 1000)
            throw IamErrors.Constraint(maxItems.Value.ToString(CultureInfo.InvariantCulture), "maxItems",
                maxItems < 1 ? "Member must have value greater than or equal to 1" : "Member must have value less than or equal to 1000");
        return maxItems ?? 100;
    }

    private static void ValidateTags(IReadOnlyList<Tag>? tags)
    {
        if (tags is null)
            return;
        if (tags.Count > 50)
            throw IamErrors.Constraint("[…]", "tags", "Member must have length less than or equal to 50");
        foreach (var tag in tags)
        {
            if (tag.Key is not { Length: >= 1 and <= 128 })
                throw IamErrors.Constraint(tag.Key, "tags.member.key", "Member must have length less than or equal to 128");
            if (tag.Value is not { Length: <= 256 })
                throw IamErrors.Constraint(tag.Value, "tags.member.value", "Member must have length less than or equal to 256");
        }
        var duplicate = tags.GroupBy(t => t.Key, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw IamErrors.InvalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
    }

    /// <summary>A document's size as IAM counts it against its quotas: its characters other than whitespace.</summary>
    internal static int PolicySize(string document) => document.Count(c => !char.IsWhiteSpace(c));

    /// <summary>Parses (once per text) and checks a document about to be stored.</summary>
    private PolicyDocument Check(string document, PolicyKind kind) =>
        _parsed.GetOrAdd((document, kind), static key => PolicyDocumentParser.Parse(key.Item1, key.Item2, requireSupportedKeys: true));

    /// <summary>A stored document, parsed (it was checked when put).</summary>
    internal PolicyDocument Parsed(string document, PolicyKind kind = PolicyKind.Identity) =>
        _parsed.GetOrAdd((document, kind), static key => PolicyDocumentParser.Parse(key.Item1, key.Item2));

    /// <summary>IAM returns policy documents URL-encoded (RFC 3986), as AWS's SDKs then decode them.</summary>
    internal static string UrlEncode(string document) => Uri.EscapeDataString(document);

    // ---- paging: the marker is the last key returned, opaque to callers ----

    private static string? DecodeMarker(string? marker)
    {
        if (marker is null)
            return null;
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(marker));
        }
        catch (FormatException)
        {
            throw IamErrors.InvalidInput("Invalid Marker."); // local wording
        }
    }

    private static string EncodeMarker(string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes(key));

    private static (List<T> Page, bool Truncated, string? Marker) Page<T>(IEnumerable<T> sorted, Func<T, string> key, string? marker, int? maxItems)
    {
        var size = PageSize(maxItems);
        var after = DecodeMarker(marker);
        var rest = after is null ? sorted : sorted.SkipWhile(item => string.Compare(key(item), after, StringComparison.OrdinalIgnoreCase) <= 0);
        var page = rest.Take(size + 1).ToList();
        if (page.Count <= size)
            return (page, false, null);
        page.RemoveAt(size);
        return (page, true, EncodeMarker(key(page[^1])));
    }

    // ---- tags as JSON text ----

    private static string TagsJson(IEnumerable<Tag> tags) =>
        new JsonArray([.. tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })]).ToJsonString();

    private static List<Tag> ReadTags(string json) =>
        [.. JsonNode.Parse(json)!.AsArray().Select(n => new Tag { Key = (string)n!["Key"]!, Value = (string)n!["Value"]! })];

    // ---- SQLite ----

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static DateTimeOffset Time(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

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

    private int Execute(string sql, params object?[] arguments)
    {
        using var command = Command(sql, arguments);
        return command.ExecuteNonQuery();
    }

    private List<T> Query<T>(string sql, Func<SqliteDataReader, T> read, params object?[] arguments)
    {
        using var command = Command(sql, arguments);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
            rows.Add(read(reader));
        return rows;
    }

    private SqliteCommand Command(string sql, object?[] arguments)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        for (var i = 0; i < arguments.Length; i++)
            command.Parameters.AddWithValue("$" + i.ToString(CultureInfo.InvariantCulture), arguments[i] ?? DBNull.Value);
        return command;
    }
}
