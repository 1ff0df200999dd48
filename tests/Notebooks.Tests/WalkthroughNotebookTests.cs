using Stepwise.Notebooks;

namespace Notebooks.Tests;

/// <summary>Every notebook of the walkthrough (notebooks/*.ipynb) runs to the end without a failing cell.</summary>
[Collection(NotebookCollection.Name)]
public sealed class WalkthroughNotebookTests(ITestOutputHelper output)
{
    /// <summary>Stands in for the notebook list while notebooks/ has none, since xUnit fails a theory without data.</summary>
    private const string NoNotebooksYet = "(notebooks/ has no *.ipynb yet)";

    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        var paths = Directory.Exists(TestPaths.Walkthrough) ? Directory.GetFiles(TestPaths.Walkthrough, "*.ipynb") : [];
        foreach (var path in paths.Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(path));
        if (data.Count == 0)
            data.Add(NoNotebooksYet);
        return data;
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Walkthrough_notebook_runs_without_a_failing_cell(string notebook)
    {
        if (notebook == NoNotebooksYet)
            return;

        var outputPath = Path.Combine(TestPaths.NewOutputFolder("walkthrough"), notebook);
        var result = await new NotebookRunner().RunAsync(Path.Combine(TestPaths.Walkthrough, notebook), outputPath);
        output.WriteLine(result.ToString());
        output.WriteLine($"Executed copy: {outputPath}");

        Assert.True(result.Succeeded, $"{notebook} failed at {result.Failure}");
        Assert.Equal(result.CodeCells, result.CellsRun);
    }
}
