namespace Stepwise.Local.Tests;

/// <summary>The checkout the tests run from: the folder above the test assembly that holds Notebooks.sln.</summary>
internal static class TestRepository
{
    /// <summary>The repository root, or null when the tests run outside a checkout.</summary>
    public static string? TryFindRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Notebooks.sln"))) root = root.Parent;
        return root?.FullName;
    }

    /// <summary>The repository root; an error when the tests run outside a checkout.</summary>
    public static string Root => TryFindRoot() ?? throw new InvalidOperationException("Notebooks.sln not found above the test assembly.");
}
