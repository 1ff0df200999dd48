namespace Stepwise.Workbook;

/// <summary>The workbook's repository checkout, whose sources the local backend builds from (the container, the
/// builder function) and whose <c>environment/</c> holds the buildspecs.</summary>
internal static class WorkbookRepository
{
    /// <summary>The folder of Notebooks.sln above the current directory (a notebook's) or this assembly.</summary>
    public static string Root()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, Path.GetDirectoryName(typeof(WorkbookRepository).Assembly.Location)! })
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
                if (File.Exists(Path.Combine(folder.FullName, "Notebooks.sln")))
                    return folder.FullName;
        throw new InvalidOperationException("The repository (Notebooks.sln) was not found above the notebook's folder: the local backend builds the container and the builder function from lib/.");
    }
}
