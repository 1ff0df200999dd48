namespace Stepwise.Workflows.Permissions;

/// <summary>Where the state machine runs: the account, region and partition its ARNs are built in.</summary>
/// <param name="AccountId">The account, e.g. <c>123456789012</c> (or <c>${AWS::AccountId}</c> for a CloudFormation template).</param>
/// <param name="Region">The region, e.g. <c>us-east-1</c> (or <c>${AWS::Region}</c>).</param>
/// <param name="Partition">The partition, <c>aws</c> unless China or GovCloud (or <c>${AWS::Partition}</c>).</param>
public sealed record PermissionContext(string AccountId, string Region, string Partition = "aws")
{
    /// <summary>The context a CloudFormation template uses: the pseudo parameters, resolved by <c>!Sub</c> at deploy time.</summary>
    public static PermissionContext CloudFormation { get; } = new("${AWS::AccountId}", "${AWS::Region}", "${AWS::Partition}");

    internal string Arn(string service, string resource, bool global = false) =>
        $"arn:{Partition}:{service}:{(global ? "" : Region)}:{AccountId}:{resource}";
}
