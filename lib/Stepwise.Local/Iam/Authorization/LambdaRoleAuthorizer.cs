using Stepwise.Local.Lambda;

namespace Stepwise.Local.Iam.Authorization;

/// <summary>Lambda's execution roles checked against local IAM: the trust policy must name <c>lambda.amazonaws.com</c>,
/// and a function's process gets credentials of a stored session of its role named after the function, so that its calls
/// to the local cloud (through the host, <c>AWS_ENDPOINT_URL</c>) act as <c>assumed-role/{role}/{function}</c>.</summary>
public sealed class LambdaRoleAuthorizer(LocalIam iam, string accountId, TimeProvider? time = null) : ILambdaRoleAuthorizer
{
    /// <summary>The service principal.</summary>
    public const string Service = "lambda.amazonaws.com";

    /// <summary>How long a function process's credentials last: Lambda refreshes them under a warm environment; a local
    /// process keeps its environment, so its session outlives any idle period the local Lambda keeps it for.</summary>
    public static readonly TimeSpan SessionDuration = TimeSpan.FromHours(12);

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <inheritdoc/>
    public bool CanAssume(string roleArn, string functionArn) => ServiceRoleTrust.Allows(iam, roleArn, Service, functionArn, accountId, _time);

    /// <inheritdoc/>
    public FunctionCredentials Credentials(string roleArn, string functionName)
    {
        // A role deleted since CreateFunction: a key STS never issued for a session would act as the root, so the
        // process gets a session of no role, which may do nothing.
        var role = iam.FindRoleByArn(roleArn) 
                   ?? new LocalIam.StoredRole(roleArn[(roleArn.LastIndexOf('/') + 1)..], "/", "AROADELETEDROLE0000000", 0, "{}", null, 3600, null, [], roleArn);
        var session = iam.CreateSession(role, functionName.Length > 64 ? functionName[..64] : functionName, SessionDuration, null, null, []);
        return new FunctionCredentials(session.AccessKeyId, session.SecretAccessKey, session.SessionToken);
    }
}
