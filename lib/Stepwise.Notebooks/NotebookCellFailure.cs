namespace Stepwise.Notebooks;

/// <summary>Where and why a notebook stopped.</summary>
/// <param name="CellIndex">1-based position of the cell among all cells of the notebook (markdown included), as counted in an editor.</param>
/// <param name="CellId">The cell's nbformat <c>id</c>, when it has one.</param>
/// <param name="ErrorName">Exception type name, or <c>Error</c> for failures that carry no exception (e.g. compilation errors).</param>
/// <param name="Message">The kernel's error message (compiler diagnostics or exception message).</param>
public sealed record NotebookCellFailure(int CellIndex, string? CellId, string ErrorName, string Message)
{
    /// <summary>E.g. <c>cell 2 (id c2): Exception: boom</c>.</summary>
    public override string ToString() =>
        $"cell {CellIndex}{(CellId is null ? "" : $" (id {CellId})")}: {ErrorName}: {Message}";
}
