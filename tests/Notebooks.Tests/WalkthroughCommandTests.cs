using System.CommandLine;
using Stepwise.Cli.Commands;

namespace Notebooks.Tests;

[Collection(NotebookCollection.Name)]
public sealed class WalkthroughCommandTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Walkthrough_prints_a_line_per_notebook_and_a_total_and_writes_executed_copies()
    {
        var outputFolder = TestPaths.NewOutputFolder("cli-ok");

        var (exitCode, printed) = await InvokeAsync("--notebooks", TestPaths.Fixture("passing"), "--out", outputFolder);

        Assert.Equal(0, exitCode);
        var lines = printed.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Matches(@"^smoke\.ipynb\s+4/4\s+cells\s+\d+\.\d s\s+OK$", lines[0]);
        Assert.StartsWith("Total: 1 notebooks, 4 cells,", lines[^1]);
        Assert.True(File.Exists(Path.Combine(outputFolder, "smoke.ipynb")));
    }

    [Fact]
    public async Task Walkthrough_exits_non_zero_and_names_the_failing_cell()
    {
        var (exitCode, printed) = await InvokeAsync("--notebooks", TestPaths.Fixture("failing"), "--out", TestPaths.NewOutputFolder("cli-failing"));

        Assert.Equal(1, exitCode);
        Assert.Contains("boom.ipynb", printed);
        Assert.Contains("FAILED at cell 2 (id boom): Exception: boom", printed);
        Assert.Contains("2 FAILED", printed);
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
