using Stepwise.Aws.Sts;

namespace Stepwise.Workbook;

/// <summary>STS AssumeRole for <see cref="ICloud.AssumeRoleAsync"/>: the one call both backends make before acting as a role.</summary>
internal static class RoleSession
{
    /// <summary>Assumes <paramref name="roleArn"/> through <paramref name="cloud"/>'s STS and returns the cloud acting as
    /// that session; with <paramref name="ownsParent"/>, disposing it disposes <paramref name="cloud"/> too.</summary>
    public static async Task<ICloud> AssumeAsync(ICloud cloud, string roleArn, string? sessionName, bool ownsParent, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(roleArn);
        var assumed = await cloud.Sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = roleArn, RoleSessionName = sessionName ?? BackendOptions.DefaultRoleSessionName,
        }, cancellationToken).ConfigureAwait(false);
        var credentials = assumed.Credentials ?? throw new InvalidOperationException($"STS AssumeRole of {roleArn} returned no credentials.");
        var arn = assumed.AssumedRoleUser?.Arn ?? roleArn;
        return cloud switch
        {
            LocalBackend local => local.As(credentials, arn, ownsParent),
            AwsBackend aws => aws.As(credentials, arn, ownsParent),
            _ => throw new NotSupportedException($"{cloud.GetType().Name} cannot act as a role."),
        };
    }
}
