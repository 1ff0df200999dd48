namespace Stepwise.Notebooks;

/// <summary>Locates the repository root, the folder that holds <c>Notebooks.sln</c>.</summary>
public static class RepositoryRoot
{
    /// <summary>The solution file that marks the root.</summary>
    public const string SolutionFileName = "Notebooks.sln";

    /// <summary>
    /// Walks up from <paramref name="start"/> (default: the current directory) to the folder containing
    /// <c>Notebooks.sln</c>; if there is none, to the nearest folder holding both <c>Directory.Build.props</c>
    /// and <c>notebooks/</c>. Returns null when neither is found.
    /// </summary>
    public static string? TryFind(string? start = null)
    {
        var begin = new DirectoryInfo(Path.GetFullPath(start ?? Directory.GetCurrentDirectory()));
        for (var dir = begin; dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, SolutionFileName)))
                return dir.FullName;
        for (var dir = begin; dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")) &&
                Directory.Exists(Path.Combine(dir.FullName, "notebooks")))
                return dir.FullName;
        return null;
    }

    /// <summary>Like <see cref="TryFind"/>, but throws with the searched path when no root is found.</summary>
    public static string Find(string? start = null) =>
        TryFind(start) ?? throw new DirectoryNotFoundException(
            $"No repository root ({SolutionFileName}) above '{Path.GetFullPath(start ?? Directory.GetCurrentDirectory())}'.");
}
