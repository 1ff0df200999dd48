namespace Notebooks.Tests;

/// <summary>
/// Every notebook test runs in this one collection, serially: the runner sets the process-wide current
/// directory, .NET Interactive's formatters are global, and the Jupyter test competes for the same cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NotebookCollection : ICollectionFixture<NotebookHome>
{
    public const string Name = "Notebooks";
}

/// <summary>The notebooks' local cloud lives in a data directory of this test run (<c>STEPWISE_HOME</c>, inherited by the
/// Jupyter kernels and the walkthrough processes the tests start), never in the user's <c>~/.stepwise</c>: a notebook
/// kernel the user has open, or another test run, owns that one.</summary>
public sealed class NotebookHome : IDisposable
{
    private readonly string? _previous = Environment.GetEnvironmentVariable("STEPWISE_HOME");

    public NotebookHome()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("stepwise-notebooks-home-").FullName;
        Environment.SetEnvironmentVariable("STEPWISE_HOME", Directory);
    }

    public string Directory { get; }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("STEPWISE_HOME", _previous);
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a serve process of a notebook's endpoint may still be closing its files; the temporary folder is the OS's
        }
    }
}
