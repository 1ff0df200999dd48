using System.CommandLine;
using Stepwise.Notebooks;

namespace Stepwise.Cli.Commands;

/// <summary><c>stepwise walkthrough</c>: executes every notebook headless and writes the executed copies, an HTML page
/// for each, and an index page.</summary>
/// <remarks>The build that <c>dotnet run</c> does first is shown on stderr, one line per project, through
/// <c>lib/Stepwise.Cli/Directory.Build.rsp</c> (<c>dotnet run</c> builds quietly otherwise).</remarks>
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
            Description = "Folder for index.html and notebooks/ (the executed copies and their HTML pages) [default: <repo>/out].",
        };
        var command = new Command("walkthrough", "Run every notebook headless with the in-process C# kernel; stop each at its first failing cell; write the executed notebooks and an HTML page for each.")
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
        var outputPath = outputFolder?.FullName ?? Path.Combine(repositoryRoot ?? Directory.GetCurrentDirectory(), "out");
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

        var pagesFolder = Path.Combine(outputPath, "notebooks");
        var runner = new NotebookRunner();
        var results = new List<NotebookRunResult>();
        var links = new List<string?>();
        var width = paths.Max(p => WalkthroughReport.DisplayName(p).Length);
        foreach (var path in paths)
        {
            // The name first, so a long notebook shows which one is running; the line ends when it finished.
            await console.WriteAsync(WalkthroughReport.LinePrefix(path, width));
            await console.FlushAsync(ct);
            var name = WalkthroughReport.DisplayName(path);
            var executedPath = Path.Combine(pagesFolder, Path.GetFileName(path));
            NotebookRunResult result;
            string? link = null;
            try
            {
                result = await runner.RunAsync(path, executedPath, ct);
                await NotebookHtmlWriter.WriteAsync(executedPath, Path.Combine(pagesFolder, name + ".html"),
                    WalkthroughReport.Status(result), Path.GetDirectoryName(path), ct);
                link = $"notebooks/{Uri.EscapeDataString(name)}.html";
            }
            catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException or IOException)
            {
                result = new NotebookRunResult(Path.GetFullPath(path), null, 0, 0, TimeSpan.Zero,
                    new NotebookCellFailure(0, null, e.GetType().Name, e.Message));
            }
            results.Add(result);
            links.Add(link);
            await console.WriteLineAsync(WalkthroughReport.LineSuffix(result));
        }

        var index = Path.Combine(outputPath, "index.html");
        Directory.CreateDirectory(outputPath);
        await File.WriteAllTextAsync(index, WalkthroughReport.IndexHtml(results, links, DateTimeOffset.UtcNow), ct);
        await console.WriteLineAsync($"{WalkthroughReport.Total(results)}; executed notebooks and their pages in {pagesFolder}, index: {index}");
        return results.All(r => r.Succeeded) ? 0 : 1;
    }
}
