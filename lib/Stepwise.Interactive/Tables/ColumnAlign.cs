namespace Stepwise.Interactive.Tables;

/// <summary>How a column's cells are aligned.</summary>
public enum ColumnAlign
{
    /// <summary>Numbers right, everything else left.</summary>
    Auto,
    /// <summary>Left.</summary>
    Left,
    /// <summary>Right.</summary>
    Right,
}
