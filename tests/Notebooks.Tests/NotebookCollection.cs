namespace Notebooks.Tests;

/// <summary>
/// Every notebook test runs in this one collection, serially: the runner sets the process-wide current
/// directory, .NET Interactive's formatters are global, and the Jupyter test competes for the same cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NotebookCollection
{
    public const string Name = "Notebooks";
}
