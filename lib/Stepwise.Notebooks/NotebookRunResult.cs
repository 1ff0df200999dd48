namespace Stepwise.Notebooks;

/// <summary>The outcome of executing one notebook headless.</summary>
/// <param name="NotebookPath">Full path of the notebook that was run.</param>
/// <param name="OutputPath">Where the executed copy was written, or null when no copy was requested.</param>
/// <param name="CodeCells">Number of code cells in the notebook.</param>
/// <param name="CellsRun">Code cells submitted, the failing one included.</param>
/// <param name="Elapsed">Wall time for the whole notebook, kernel start-up included.</param>
/// <param name="Failure">The first failing cell, or null when every code cell succeeded.</param>
public sealed record NotebookRunResult(
    string NotebookPath,
    string? OutputPath,
    int CodeCells,
    int CellsRun,
    TimeSpan Elapsed,
    NotebookCellFailure? Failure)
{
    /// <summary>The notebook's file name, e.g. <c>03-workflow-authoring.ipynb</c>.</summary>
    public string Name => Path.GetFileName(NotebookPath);

    /// <summary>True when every code cell ran without error.</summary>
    public bool Succeeded => Failure is null;

    /// <summary>One line for logs: name, cells run, seconds, OK or FAILED with the cell and error.</summary>
    public override string ToString() =>
        $"{Name}: {CellsRun}/{CodeCells} cells, {Elapsed.TotalSeconds:0.0} s, " +
        (Failure is null ? "OK" : $"FAILED at {Failure}");
}
