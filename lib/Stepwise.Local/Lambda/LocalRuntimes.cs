namespace Stepwise.Local.Lambda;

/// <summary>The runtimes the local Lambda runs: the custom runtimes, whose process is the package's <c>bootstrap</c>.</summary>
internal static class LocalRuntimes
{
    public static IReadOnlyList<string> Custom { get; } = [Aws.Lambda.Runtime.ProvidedAl2023, Aws.Lambda.Runtime.ProvidedAl2];
}
