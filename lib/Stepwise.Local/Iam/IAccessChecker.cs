namespace Stepwise.Local.Iam;

/// <summary>What a local service asks before acting on a caller's behalf: may this caller perform this action on this
/// resource? The services will call it from an authorization decorator over their ports; it answers with AWS's words.</summary>
public interface IAccessChecker
{
    /// <summary>The decision for <paramref name="caller"/> doing <paramref name="action"/> on <paramref name="resource"/>,
    /// with the request's own context keys (<c>aws:ResourceTag/…</c>, <c>iam:PassedToService</c>, <c>sagemaker:…</c>).</summary>
    AccessDecision Decide(CallerIdentity caller, string action, string resource, IReadOnlyDictionary<string, IReadOnlyList<string>>? context = null);

    /// <summary>Returns when the caller is allowed; throws <see cref="AccessDeniedException"/> with AWS's message when not.</summary>
    Task CheckAsync(CallerIdentity caller, string action, string resource, IReadOnlyDictionary<string, IReadOnlyList<string>>? context = null,
        string errorCode = "AccessDeniedException", CancellationToken cancellationToken = default);
}
