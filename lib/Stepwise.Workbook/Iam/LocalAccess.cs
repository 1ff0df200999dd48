namespace Stepwise.Workbook.Iam;

/// <summary>Asks the embedded local cloud's IAM what a call made with a session's credentials would get — AWS's
/// AccessDenied text when the session's role does not allow it — without making the call.</summary>
public static class LocalAccess
{
    /// <summary>The local cloud's answer to <paramref name="action"/> on <paramref name="resource"/> by the caller whose
    /// access key is <paramref name="accessKeyId"/> (an AssumeRole session's, or any other key: the local admin).</summary>
    /// <exception cref="InvalidOperationException"><paramref name="cloud"/> is not the embedded local cloud of this
    /// process (AWS, or a local cloud another kernel owns): there, read the policy simulator's answer.</exception>
    public static string Explain(ICloud cloud, string accessKeyId, string action, string resource)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        if (cloud is not LocalBackend local)
            throw new InvalidOperationException($"The {cloud.Kind} backend here is not the embedded local cloud of this process: ask IAM's policy simulator (SimulatePrincipalPolicy) instead.");
        var decision = local.Local.Access.Decide(local.Local.Iam.ResolveCaller(accessKeyId), action, resource);
        return decision.IsAllowed ? $"allowed: {action} on {resource}" : decision.Message!;
    }

    /// <summary>Whether <see cref="Explain"/> can answer for <paramref name="cloud"/>.</summary>
    public static bool CanExplain(ICloud cloud) => cloud is LocalBackend;
}
