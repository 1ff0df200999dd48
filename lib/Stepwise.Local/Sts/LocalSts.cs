using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Stepwise.Aws.Iam;
using Stepwise.Aws.Sts;
using Stepwise.Local.Iam;
using IamTag = Stepwise.Aws.Iam.Tag;

namespace Stepwise.Local.Sts;

/// <summary>
/// STS of the local cloud, over local IAM. Who calls is decided by the access key id the request was signed with
/// (<see cref="CallerContext"/>): credentials from <c>AssumeRole</c> act as that role's session; any other key is the
/// account's root user, the local admin. <c>AssumeRole</c> is decided by the role's trust policy (principals, actions,
/// conditions such as <c>sts:ExternalId</c> and <c>aws:SourceArn</c>) and, when the trust policy names only the caller's
/// account, by the caller's own policies; it issues <c>ASIA…</c> credentials within the role's MaxSessionDuration.
/// Unlike AWS (which refuses root), the root may assume roles whose trust policy names the account: locally it is the admin.
/// </summary>
public sealed partial class LocalSts : ISts
{
    private readonly LocalIam? _iam;
    private readonly IAccessChecker? _access;
    private readonly TimeProvider _time;

    /// <summary>STS for <paramref name="accountId"/> over <paramref name="iam"/> (without one, every caller is root and
    /// AssumeRole has no roles to assume).</summary>
    public LocalSts(string accountId, LocalIam? iam = null, TimeProvider? time = null, IAccessChecker? access = null)
    {
        AccountId = string.IsNullOrWhiteSpace(accountId)
            ? throw new ArgumentException("An account id is required (12 digits, e.g. 123456789012).", nameof(accountId))
            : accountId;
        _iam = iam;
        _time = time ?? TimeProvider.System;
        _access = access ?? (iam is null ? null : new AccessChecker(iam, "us-east-1", _time));
    }

    /// <summary>The account every caller belongs to.</summary>
    public string AccountId { get; }

    /// <summary>The ARN of the account's root user.</summary>
    public string RootArn => $"arn:aws:iam::{AccountId}:root";

    [GeneratedRegex(@"^[\w+=,.@-]*$")]
    private static partial Regex SessionNamePattern();

    private CallerIdentity Caller()
    {
        var caller = _iam?.CurrentCaller ?? CallerIdentity.Root(AccountId);
        if (caller.IsExpired)
            throw new StsException(StsErrorCodes.ExpiredTokenException, "The security token included in the request is expired");
        return caller;
    }

    /// <inheritdoc/>
    public Task<GetCallerIdentityResponse> GetCallerIdentityAsync(GetCallerIdentityRequest input, CancellationToken cancellationToken = default)
    {
        var caller = Caller();
        return Task.FromResult(new GetCallerIdentityResponse { Account = caller.Account, Arn = caller.Arn, UserId = caller.UserId });
    }

    /// <inheritdoc/>
    public Task<AssumeRoleResponse> AssumeRoleAsync(AssumeRoleRequest input, CancellationToken cancellationToken = default)
    {
        var caller = Caller();
        var session = Assume(caller.Principal, caller, input, sourceArn: null, sourceAccount: null);
        return Task.FromResult(Response(session, input));
    }

    /// <summary>What a service does before acting with a role passed to it (a training job's RoleArn, a state machine's):
    /// assumes it as <paramref name="servicePrincipal"/> (<c>sagemaker.amazonaws.com</c>), so the trust policy must name
    /// that service; <paramref name="sourceArn"/>/<paramref name="sourceAccount"/> fill <c>aws:SourceArn</c>/<c>aws:SourceAccount</c>.</summary>
    public Task<RoleSession> AssumeRoleForServiceAsync(string servicePrincipal, string roleArn, string sessionName, string? sourceArn = null,
        string? sourceAccount = null, int? durationSeconds = null, CancellationToken cancellationToken = default)
    {
        var request = new AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = sessionName, DurationSeconds = durationSeconds };
        return Task.FromResult(Assume(RequestPrincipal.Service(servicePrincipal), null, request, sourceArn, sourceAccount ?? (sourceArn is null ? null : AccountId)));
    }

    private RoleSession Assume(RequestPrincipal principal, CallerIdentity? caller, AssumeRoleRequest input, string? sourceArn, string? sourceAccount)
    {
        Validate(input);
        var callerArn = caller?.Arn ?? principal.Arn;
        var denied = new StsException("AccessDenied", $"User: {callerArn} is not authorized to perform: sts:AssumeRole on resource: {input.RoleArn}", 403);
        if (_iam is null)
            throw denied;
        var role = _iam.FindRoleByArn(input.RoleArn) ?? throw denied;

        var context = new RequestContext { Action = "sts:AssumeRole", Resource = role.Arn, Principal = principal }
            .With(ConditionKeys.PrincipalType, principal.Type)
            .With(ConditionKeys.RoleSessionName, input.RoleSessionName)
            .With(ConditionKeys.CurrentTime, _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))
            .With(ConditionKeys.EpochTime, _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        if (principal.ServiceName is null)
            context = context.With(ConditionKeys.PrincipalArn, principal.Arn).With(ConditionKeys.PrincipalAccount, principal.Account!);
        if (input.ExternalId is { } externalId)
            context = context.With(ConditionKeys.ExternalId, externalId);
        if (input.SourceIdentity is { } sourceIdentity)
            context = context.With(ConditionKeys.SourceIdentity, sourceIdentity);
        if (sourceArn is not null)
            context = context.With(ConditionKeys.SourceArn, sourceArn);
        if (sourceAccount is not null)
            context = context.With(ConditionKeys.SourceAccount, sourceAccount);
        if (input.Tags is { Count: > 0 } tags)
        {
            foreach (var tag in tags)
                context = context.With("aws:RequestTag/" + tag.Key, tag.Value);
            context = context.With(ConditionKeys.TagKeys, [.. tags.Select(t => t.Key)]);
        }

        var trust = PolicyEvaluator.Evaluate(context, [_iam.TrustPolicyOf(role)]);
        if (!trust.IsAllowed)
            throw denied;
        // A trust policy that names the caller itself suffices; one that names only its account leaves it to the caller's policies.
        var named = trust.MatchedStatements.Any(m => m.Statement.Principal is { } p && PolicyEvaluator.NamesPrincipalSpecifically(p, principal));
        if (!named && caller is { IsRoot: false } && _access is not null && !_access.Decide(caller, "sts:AssumeRole", role.Arn).IsAllowed)
            throw denied;

        var duration = input.DurationSeconds ?? 3600;
        if (duration > role.MaxSessionDuration)
            throw Validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        if (caller is { IsRoot: false } && duration > 3600)
            throw Validation("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");

        var sessionPolicies = SessionPolicies(input);
        return _iam.CreateSession(role, input.RoleSessionName, TimeSpan.FromSeconds(duration), sessionPolicies, input.SourceIdentity,
            [.. (input.Tags ?? []).Select(t => new IamTag { Key = t.Key, Value = t.Value })]);
    }

    /// <summary>The session policies (inline Policy and PolicyArns) as one JSON array of documents, or null.</summary>
    private string? SessionPolicies(AssumeRoleRequest input)
    {
        var documents = new JsonArray();
        if (input.Policy is { } policy)
        {
            try
            {
                PolicyDocumentParser.Parse(policy, PolicyKind.Identity, requireSupportedKeys: true);
            }
            catch (IamException e)
            {
                throw new StsException(StsErrorCodes.MalformedPolicyDocument, e.Message);
            }
            documents.Add(policy);
        }
        foreach (var descriptor in input.PolicyArns ?? [])
        {
            var managed = descriptor.Arn is { } arn ? _iam!.FindManagedPolicy(arn) : null;
            if (managed is null)
                throw new StsException("InvalidParameterValue", $"The policy {descriptor.Arn} given in PolicyArns does not exist."); // local wording
            documents.Add(managed.Document);
        }
        return documents.Count == 0 ? null : documents.ToJsonString();
    }

    private AssumeRoleResponse Response(RoleSession session, AssumeRoleRequest input) => new()
    {
        Credentials = new Credentials
        {
            AccessKeyId = session.AccessKeyId, SecretAccessKey = session.SecretAccessKey, SessionToken = session.SessionToken,
            Expiration = session.Expiration,
        },
        AssumedRoleUser = new AssumedRoleUser { AssumedRoleId = session.UserId, Arn = session.Arn(AccountId) },
        PackedPolicySize = input.Policy is null && input.PolicyArns is not { Count: > 0 } && input.Tags is not { Count: > 0 }
            ? null
            : (int)Math.Ceiling(100.0 * (LocalIam.PolicySize(input.Policy ?? "") + 64 * (input.PolicyArns?.Count ?? 0)) / 2048),
        SourceIdentity = session.SourceIdentity,
    };

    private static void Validate(AssumeRoleRequest input)
    {
        if (input.RoleArn.Length is < 20 or > 2048)
            throw Constraint(input.RoleArn, "roleArn", input.RoleArn.Length < 20
                ? "Member must have length greater than or equal to 20" : "Member must have length less than or equal to 2048");
        if (input.RoleSessionName.Length is < 2 or > 64)
            throw Constraint(input.RoleSessionName, "roleSessionName", input.RoleSessionName.Length < 2
                ? "Member must have length greater than or equal to 2" : "Member must have length less than or equal to 64");
        if (!SessionNamePattern().IsMatch(input.RoleSessionName))
            throw Constraint(input.RoleSessionName, "roleSessionName", @"Member must satisfy regular expression pattern: [\w+=,.@-]*");
        if (input.DurationSeconds is < 900 or > 43200)
            throw Constraint(input.DurationSeconds.Value.ToString(CultureInfo.InvariantCulture), "durationSeconds", input.DurationSeconds < 900
                ? "Member must have value greater than or equal to 900" : "Member must have value less than or equal to 43200");
        if (input.ExternalId is { Length: < 2 or > 1224 })
            throw Constraint(input.ExternalId, "externalId", input.ExternalId.Length < 2
                ? "Member must have length greater than or equal to 2" : "Member must have length less than or equal to 1224");
        if (input.PolicyArns is { Count: > 10 })
            throw Constraint("[…]", "policyArns", "Member must have length less than or equal to 10");
    }

    private static StsException Constraint(string? value, string member, string constraint) =>
        Validation($"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}");

    private static StsException Validation(string message) => new("ValidationError", message);
}
