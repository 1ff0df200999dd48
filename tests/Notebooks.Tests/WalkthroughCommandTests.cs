using System.CommandLine;
using Stepwise.Cli.Commands;

namespace Notebooks.Tests;

[Collection(NotebookCollection.Name)]
public sealed class WalkthroughCommandTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Walkthrough_prints_a_line_per_notebook_and_a_total_and_writes_executed_copies_pages_and_an_index()
    {
        var outputFolder = TestPaths.NewOutputFolder("cli-ok");

        var (exitCode, printed) = await InvokeAsync("--notebooks", TestPaths.Fixture("passing"), "--out", outputFolder);

        Assert.Equal(0, exitCode);
        var lines = printed.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Matches(@"^smoke\s+4 cells\s+\d+\.\d s\s+OK$", lines[0]);
        Assert.StartsWith("Total: 1 notebooks, 4 cells,", lines[^1]);
        Assert.EndsWith("all OK; executed notebooks and their pages in " + Path.Combine(outputFolder, "notebooks") + ", index: " + Path.Combine(outputFolder, "index.html"), lines[^1]);
        Assert.True(File.Exists(Path.Combine(outputFolder, "notebooks", "smoke.ipynb")));

        var page = await File.ReadAllTextAsync(Path.Combine(outputFolder, "notebooks", "smoke.html"));
        Assert.Contains("<title>Smoke test</title>", page);
        Assert.Contains("hello from the smoke notebook", page);
        Assert.Contains("<p class=\"status ok\">OK</p>", page);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(NotebookHtmlWriterTests.ExternalResources(page));

        var index = await File.ReadAllTextAsync(Path.Combine(outputFolder, "index.html"));
        Assert.Contains("<a href=\"notebooks/smoke.html\">smoke</a>", index);
    }

    [Fact]
    public async Task Walkthrough_exits_non_zero_names_the_failing_cell_and_still_writes_the_page_with_the_error()
    {
        var outputFolder = TestPaths.NewOutputFolder("cli-failing");

        var (exitCode, printed) = await InvokeAsync("--notebooks", TestPaths.Fixture("failing"), "--out", outputFolder);

        Assert.Equal(1, exitCode);
        Assert.Matches(@"(?m)^boom\s+2 cells\s+\d+\.\d s\s+FAILED at cell 2: Exception: boom\r?$", printed);
        Assert.Matches(@"(?m)^compile-error\s+1 cells\s+\d+\.\d s\s+FAILED at cell 2: \w+: .*CS0029", printed);
        Assert.Contains("2 FAILED", printed);

        var page = await File.ReadAllTextAsync(Path.Combine(outputFolder, "notebooks", "boom.html"));
        Assert.Contains("<p class=\"status failed\">FAILED at cell 2: Exception: boom</p>", page);
        Assert.Contains("<pre class=\"output error\">Exception: boom", page);
        var index = await File.ReadAllTextAsync(Path.Combine(outputFolder, "index.html"));
        Assert.Contains("<td class=\"failed\">FAILED at cell 2: Exception: boom</td>", index);
    }

    [Fact]
    public async Task A_file_that_is_not_a_notebook_is_reported_as_failed_and_the_others_still_run()
    {
        var notebooks = TestPaths.NewOutputFolder("cli-broken");
        File.Copy(TestPaths.Fixture("passing/smoke.ipynb"), Path.Combine(notebooks, "smoke.ipynb"));
        await File.WriteAllTextAsync(Path.Combine(notebooks, "zz-broken.ipynb"), "{\"nbformat\": 4}");

        var (exitCode, printed) = await InvokeAsync("--notebooks", notebooks, "--out", TestPaths.NewOutputFolder("cli-broken-out"));

        Assert.Equal(1, exitCode);
        Assert.Matches(@"(?m)^smoke\s+4 cells\s+\d+\.\d s\s+OK\r?$", printed);
        Assert.Matches(@"(?m)^zz-broken\s+0 cells\s+0\.0 s\s+FAILED: \w+: ", printed);
        Assert.Contains("Total: 2 notebooks, 4 cells,", printed);
    }

    private async Task<(int ExitCode, string Output)> InvokeAsync(params string[] args)
    {
        var console = new StringWriter();
        var exitCode = await WalkthroughCommand.Create().Parse(args)
            .InvokeAsync(new InvocationConfiguration { Output = console, Error = console });
        output.WriteLine(console.ToString());
        return (exitCode, console.ToString());
    }
}
