using Stepwise.Notebooks;

namespace Notebooks.Tests;

[Collection(NotebookCollection.Name)]
public sealed class NotebookRunnerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Runtime_exception_fails_the_notebook_at_that_cell_and_later_cells_do_not_run()
    {
        var outputPath = Path.Combine(TestPaths.NewOutputFolder("boom"), "boom.ipynb");

        var result = await new NotebookRunner().RunAsync(TestPaths.Fixture("failing/boom.ipynb"), outputPath);
        output.WriteLine(result.ToString());

        Assert.False(result.Succeeded);
        Assert.Equal(2, result.Failure!.CellIndex);
        Assert.Equal("boom", result.Failure.CellId);
        Assert.Equal("Exception", result.Failure.ErrorName);
        Assert.Equal("boom", result.Failure.Message);
        Assert.Equal(2, result.CellsRun);
        Assert.Equal(3, result.CodeCells);

        var executed = ExecutedNotebook.Load(outputPath);
        var error = Assert.Single(ExecutedNotebook.Outputs(executed.Cell("boom")));
        Assert.Equal("error", (string?)error["output_type"]);
        Assert.Equal("boom", (string?)error["evalue"]);
        Assert.Contains("System.Exception: boom", ExecutedNotebook.Text(error["traceback"]));
        var after = executed.Cell("after");
        Assert.Empty(ExecutedNotebook.Outputs(after));
        Assert.Null(after["execution_count"]);
    }

    [Fact]
    public async Task Compilation_error_is_reported_with_the_compiler_diagnostic()
    {
        var result = await new NotebookRunner().RunAsync(TestPaths.Fixture("failing/compile-error.ipynb"));
        output.WriteLine(result.ToString());

        Assert.False(result.Succeeded);
        Assert.Equal(2, result.Failure!.CellIndex); // cell 1 is markdown: indexes count every cell
        Assert.Contains("CS0029", result.Failure.Message);
        Assert.Equal(1, result.CellsRun);
        Assert.Null(result.OutputPath);
    }

    [Fact]
    public async Task Console_output_displayed_values_and_return_values_are_written_into_the_executed_copy()
    {
        var before = Directory.GetCurrentDirectory();
        var outputPath = Path.Combine(TestPaths.NewOutputFolder("smoke"), "smoke.ipynb");

        var result = await new NotebookRunner().RunAsync(TestPaths.Fixture("passing/smoke.ipynb"), outputPath);
        output.WriteLine(result.ToString());

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(4, result.CellsRun);
        Assert.Equal(outputPath, result.OutputPath);
        Assert.Equal(before, Directory.GetCurrentDirectory());

        var executed = ExecutedNotebook.Load(outputPath);
        var stdout = Assert.Single(ExecutedNotebook.Outputs(executed.Cell("console")));
        Assert.Equal("stream", (string?)stdout["output_type"]);
        Assert.Equal("stdout", (string?)stdout["name"]);
        Assert.Equal("hello from the smoke notebook\n", ExecutedNotebook.Text(stdout["text"]));

        var display = Assert.Single(ExecutedNotebook.Outputs(executed.Cell("display")));
        Assert.Equal("display_data", (string?)display["output_type"]);
        var html = ExecutedNotebook.Text(display["data"]!["text/html"]);
        Assert.Contains("Point", html);
        Assert.Contains("<pre>4</pre>", html);

        var returned = Assert.Single(ExecutedNotebook.Outputs(executed.Cell("result")));
        Assert.Equal("execute_result", (string?)returned["output_type"]);
        Assert.Contains("55", ExecutedNotebook.Text(returned["data"]!["text/html"]));
        Assert.Equal(4, (int?)returned["execution_count"]);

        // The executed copy keeps the source notebook's metadata and cell ids.
        Assert.Equal(".net-csharp", (string?)executed.Json["metadata"]!["kernelspec"]!["name"]);
        Assert.Equal("polyglot-notebook", (string?)executed.Json["metadata"]!["language_info"]!["name"]);
        Assert.All(executed.CodeCells, c => Assert.Equal("csharp", (string?)c["metadata"]!["polyglot_notebook"]!["kernelName"]));
        Assert.Equal([1, 2, 3, 4], executed.CodeCells.Select(c => (int?)c["execution_count"]));
    }

    [Fact]
    public async Task Cell_running_past_the_cell_timeout_fails_the_notebook()
    {
        var runner = new NotebookRunner(new NotebookRunnerOptions { CellTimeout = TimeSpan.FromSeconds(2) });

        var result = await runner.RunAsync(TestPaths.Fixture("slow/sleep.ipynb"));
        output.WriteLine(result.ToString());

        Assert.False(result.Succeeded);
        Assert.Equal(1, result.Failure!.CellIndex);
        Assert.Equal("TimeoutException", result.Failure.ErrorName);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(20), $"took {result.Elapsed}");
    }
}
