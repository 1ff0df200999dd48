using Stepwise.Notebooks;

namespace Notebooks.Tests;

internal static class TestPaths
{
    public static string RepositoryRoot { get; } = Stepwise.Notebooks.RepositoryRoot.Find(AppContext.BaseDirectory);

    public static string Walkthrough => Path.Combine(RepositoryRoot, "notebooks");

    public static string Fixtures => Path.Combine(RepositoryRoot, "tests", "Notebooks.Tests", "Fixtures");

    public static string Fixture(string relativePath) => Path.Combine(Fixtures, relativePath);

    /// <summary>A fresh folder for a test's executed notebooks.</summary>
    public static string NewOutputFolder(string purpose)
    {
        var folder = Path.Combine(Path.GetTempPath(), "stepwise-notebook-tests", $"{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
