using System.CommandLine;
using System.Globalization;
using Stepwise.Notebooks;

namespace Stepwise.Cli.Commands;

/// <summary><c>stepwise walkthrough</c>: executes every notebook headless and writes executed copies.</summary>
public static class WalkthroughCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var notebooks = new Option<DirectoryInfo>("--notebooks")
        {
            HelpName = "DIR",
            Description = "Folder whose *.ipynb files are run, in name order [default: <repo>/notebooks].",
        };
        var output = new Option<DirectoryInfo>("--out")
        {
            HelpName = "DIR",
            Description = "Folder for the executed copies [default: <repo>/out/notebooks].",
        };
        var command = new Command("walkthrough", "Run every notebook headless with the in-process C# kernel; stop each at its first failing cell.")
        {
            notebooks,
            output,
        };
        command.SetAction((parseResult, ct) =>
            RunAsync(parseResult.GetValue(notebooks), parseResult.GetValue(output), parseResult.InvocationConfiguration.Output, ct));
        return command;
    }

    /// <summary>Runs the walkthrough; returns the process exit code (0 when every notebook succeeded).</summary>
    public static async Task<int> RunAsync(DirectoryInfo? notebooksFolder, DirectoryInfo? outputFolder, TextWriter console, CancellationToken ct)
    {
        var repositoryRoot = RepositoryRoot.TryFind();
        if (notebooksFolder is null && repositoryRoot is null)
        {
            await console.WriteLineAsync($"No repository root ({RepositoryRoot.SolutionFileName}) above {Directory.GetCurrentDirectory()}; pass --notebooks.");
            return 2;
        }
        var notebooksPath = notebooksFolder?.FullName ?? Path.Combine(repositoryRoot!, "notebooks");
        var outputPath = outputFolder?.FullName ?? Path.Combine(repositoryRoot ?? Directory.GetCurrentDirectory(), "out", "notebooks");
        if (!Directory.Exists(notebooksPath))
        {
            await console.WriteLineAsync($"Notebook folder not found: {notebooksPath}");
            return 2;
        }

        var paths = Directory.GetFiles(notebooksPath, "*.ipynb").Order(StringComparer.Ordinal).ToArray();
        if (paths.Length == 0)
        {
            await console.WriteLineAsync($"No *.ipynb in {notebooksPath}.");
            return 1;
        }

        var runner = new NotebookRunner();
        var results = new List<NotebookRunResult>();
        var width = paths.Max(p => Path.GetFileName(p).Length);
        foreach (var path in paths)
        {
            var result = await runner.RunAsync(path, Path.Combine(outputPath, Path.GetFileName(path)), ct);
            results.Add(result);
            var status = result.Failure is null ? "OK" : $"FAILED at {result.Failure}";
            await console.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{result.Name.PadRight(width)}  {result.CellsRun,3}/{result.CodeCells,-3} cells  {result.Elapsed.TotalSeconds,6:0.0} s  {status}"));
        }

        var failed = results.Count(r => !r.Succeeded);
        var summary = failed == 0 ? "all OK" : $"{failed} FAILED";
        await console.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Total: {results.Count} notebooks, {results.Sum(r => r.CellsRun)} cells, {results.Sum(r => r.Elapsed.TotalSeconds):0.0} s, {summary}; executed copies in {outputPath}"));
        return failed == 0 ? 0 : 1;
    }
}
