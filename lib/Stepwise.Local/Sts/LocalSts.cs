using Stepwise.Aws.Sts;

namespace Stepwise.Local.Sts;

/// <summary>
/// STS of the local cloud. Until local IAM exists every caller is the account's root user, whatever credentials it
/// signs with: <c>GetCallerIdentity</c> answers the account, <c>arn:aws:iam::{account}:root</c> and the account id as
/// <c>UserId</c> (as AWS answers for root credentials). Identities per access key, and <c>AssumeRole</c> with trust
/// policies and credentials that act as the role, arrive with local IAM; until then AssumeRole refuses rather than pretends.
/// </summary>
public sealed class LocalSts(string accountId) : ISts
{
    /// <summary>The account every caller belongs to.</summary>
    public string AccountId { get; } = string.IsNullOrWhiteSpace(accountId)
        ? throw new ArgumentException("An account id is required (12 digits, e.g. 123456789012).", nameof(accountId))
        : accountId;

    /// <summary>The ARN of the account's root user, the identity of every local caller for now.</summary>
    public string RootArn => $"arn:aws:iam::{AccountId}:root";

    /// <inheritdoc/>
    public Task<GetCallerIdentityResponse> GetCallerIdentityAsync(GetCallerIdentityRequest input, CancellationToken cancellationToken = default) =>
        Task.FromResult(new GetCallerIdentityResponse { Account = AccountId, Arn = RootArn, UserId = AccountId });

    /// <inheritdoc/>
    public Task<AssumeRoleResponse> AssumeRoleAsync(AssumeRoleRequest input, CancellationToken cancellationToken = default) =>
        throw new StsException("InvalidAction",
            $"The local cloud does not implement AssumeRole yet (asked for {input.RoleArn}): it arrives with local IAM " +
            $"(roles, trust policies, credentials that act as the role). Until then every local call acts as {RootArn}; " +
            "call the services directly instead of assuming a role first.");
}
