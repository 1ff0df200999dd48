namespace Environment.Tests;

internal static class RepositoryPaths
{
    public static string Root { get; } = Stepwise.Notebooks.RepositoryRoot.Find(AppContext.BaseDirectory);

    public static string Of(params string[] parts) => Path.Combine([Root, .. parts]);
}
