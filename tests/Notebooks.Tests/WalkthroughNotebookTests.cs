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

    [Fact]
    public async Task Notebook_03_authors_the_pipeline_the_library_keeps_for_the_later_notebooks()
    {
        var saved = Path.Combine(TestPaths.RepositoryRoot, "out", "maskrcnn-pipeline.asl.json");
        if (File.Exists(saved))
            File.Delete(saved); // a clean clone has no out/ yet
        var result = await new NotebookRunner().RunAsync(Path.Combine(TestPaths.Walkthrough, "03-workflow-authoring.ipynb"),
            Path.Combine(TestPaths.NewOutputFolder("pipeline"), "03.ipynb"));
        Assert.True(result.Succeeded, $"03 failed at {result.Failure}");

        var library = Stepwise.Workbook.MaskRCnnPipeline.Create(new Stepwise.Workbook.PipelineResources("123456789012", "us-east-1"));

        Assert.Equal(library.ToJson(), await File.ReadAllTextAsync(saved));
    }
}
