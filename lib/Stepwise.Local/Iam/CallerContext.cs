namespace Stepwise.Local.Iam;

/// <summary>The access key id the current request was signed with, flowing with the request's async work: the host sets
/// it from the SigV4 credential scope, in-process callers with <see cref="Use"/>. Unset means the account's root.</summary>
public static class CallerContext
{
    private static readonly AsyncLocal<string?> Current = new();

    /// <summary>The access key id of the request in progress, or null.</summary>
    public static string? AccessKeyId => Current.Value;

    /// <summary>Acts as <paramref name="accessKeyId"/> until the returned scope is disposed.</summary>
    public static IDisposable Use(string? accessKeyId)
    {
        var previous = Current.Value;
        Current.Value = accessKeyId;
        return new Scope(previous);
    }

    private sealed class Scope(string? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
