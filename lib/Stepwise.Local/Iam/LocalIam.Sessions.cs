using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Stepwise.Aws.Iam;

namespace Stepwise.Local.Iam;

public sealed partial class LocalIam
{
    private const string SessionColumns = "access_key_id, secret, token, role_arn, role_id, session_name, expires, session_policy, source_identity, tags, created";

    private static RoleSession ReadSession(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
        RoleNameOf(r.GetString(3)), r.GetString(5), Time(r.GetInt64(6)), r.IsDBNull(7) ? null : r.GetString(7),
        r.IsDBNull(8) ? null : r.GetString(8), ReadTags(r.GetString(9)), Time(r.GetInt64(10)));

    private static string RoleNameOf(string roleArn) => roleArn[(roleArn.LastIndexOf('/') + 1)..];

    /// <summary>Issues temporary credentials for a session of <paramref name="role"/> (stored, so they outlive a restart
    /// as AWS's do until they expire): an <c>ASIA…</c> access key id, a secret and a session token.</summary>
    internal RoleSession CreateSession(StoredRole role, string sessionName, TimeSpan duration, string? sessionPolicy, string? sourceIdentity,
        IReadOnlyList<Tag> tags)
    {
        var now = _time.GetUtcNow();
        var session = new RoleSession(IamIds.New("ASIA", 16), IamIds.Secret(40), "IQoJb3JpZ2luX2VjE" + IamIds.Secret(300), role.Arn, role.Id,
            role.Name, sessionName, now + duration, sessionPolicy, sourceIdentity, tags, now);
        lock (_gate)
        {
            Execute("DELETE FROM sessions WHERE expires < $0", now.ToUnixTimeMilliseconds());
            Execute($"INSERT INTO sessions ({SessionColumns}) VALUES ($0, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                session.AccessKeyId, session.SecretAccessKey, session.SessionToken, session.RoleArn, session.RoleId, session.SessionName,
                session.Expiration.ToUnixTimeMilliseconds(), sessionPolicy, sourceIdentity, TagsJson(tags), now.ToUnixTimeMilliseconds());
        }
        return session;
    }

    /// <summary>The session whose access key id is <paramref name="accessKeyId"/>, expired or not; null when STS did not issue it.</summary>
    internal RoleSession? FindSession(string accessKeyId)
    {
        lock (_gate)
            return Query($"SELECT {SessionColumns} FROM sessions WHERE access_key_id = $0", ReadSession, accessKeyId).FirstOrDefault();
    }

    /// <summary>Who signs with <paramref name="accessKeyId"/>: the session STS issued it for, or — any other key, or
    /// none — the account's root, the local cloud's admin.</summary>
    public CallerIdentity ResolveCaller(string? accessKeyId)
    {
        if (accessKeyId is null || !accessKeyId.StartsWith("ASIA", StringComparison.Ordinal) || FindSession(accessKeyId) is not { } session)
            return CallerIdentity.Root(AccountId);
        var arn = session.Arn(AccountId);
        return new CallerIdentity
        {
            Account = AccountId,
            Arn = arn,
            UserId = session.UserId,
            Principal = RequestPrincipal.Session(AccountId, session.RoleArn, arn),
            Session = session,
            IsExpired = session.Expiration <= _time.GetUtcNow(),
        };
    }

    /// <summary>The caller of the request in progress (<see cref="CallerContext.AccessKeyId"/>).</summary>
    public CallerIdentity CurrentCaller => ResolveCaller(CallerContext.AccessKeyId);

    /// <summary>The policies that decide what <paramref name="session"/> may do: its role's (inline, attached,
    /// boundary) and its session policies; empty when the role is gone.</summary>
    internal List<EvaluatedPolicy> PoliciesOf(RoleSession session)
    {
        var role = FindRoleByArn(session.RoleArn);
        if (role is null || role.Id != session.RoleId)
            return []; // the role was deleted (or deleted and re-created): its sessions may do nothing, as in AWS
        var policies = PoliciesOf(role);
        if (session.SessionPolicy is { } documents)
        {
            var i = 0;
            foreach (var document in JsonNode.Parse(documents)!.AsArray())
                policies.Add(new EvaluatedPolicy($"SessionPolicy.{++i}", Parsed((string)document!), PolicyType.Session) { SourceType = PolicySourceType.None });
        }
        return policies;
    }

    /// <summary>The role's tags and the session's (which win), as <c>aws:PrincipalTag/…</c> keys see them.</summary>
    internal IReadOnlyList<Tag> PrincipalTags(RoleSession session)
    {
        var tags = new Dictionary<string, Tag>(StringComparer.OrdinalIgnoreCase);
        foreach (var tag in FindRoleByArn(session.RoleArn)?.Tags ?? [])
            tags[tag.Key] = tag;
        foreach (var tag in session.Tags)
            tags[tag.Key] = tag;
        return [.. tags.Values];
    }
}
