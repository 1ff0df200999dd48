namespace Stepwise.Notebooks;

/// <summary>Settings for <see cref="NotebookRunner"/>.</summary>
public sealed record NotebookRunnerOptions
{
    /// <summary>Longest time one cell may run before the notebook is failed; null for no limit.</summary>
    public TimeSpan? CellTimeout { get; init; }

    /// <summary>Load <c>interactive-extensions/dotnet/*.dll</c> kernel extensions of packages added with <c>#r "nuget: ..."</c>, as the dotnet-interactive app does.</summary>
    public bool LoadPackageExtensions { get; init; } = true;

    /// <summary>Called after each code cell with the cell's 1-based index and its outcome; for progress output.</summary>
    public Action<int, NotebookCellFailure?>? OnCellCompleted { get; init; }
}
