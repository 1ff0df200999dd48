using System.Text.Json.Nodes;

namespace Notebooks.Tests;

/// <summary>
/// Notebooks also run under the real Jupyter kernel (the dotnet-interactive tool from .config/dotnet-tools.json),
/// since that is what users open them with: <c>jupyter nbconvert --execute</c> must exit 0.
/// </summary>
[Collection(NotebookCollection.Name)]
public sealed class JupyterKernelTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(5);

    /// <summary>Debian's Python, not a pyenv shim that may come first on PATH.</summary>
    private const string Python = "/usr/bin/python3";

    private static readonly string[] DebianPackages = ["jupyter-nbconvert", "python3-ipykernel"];

    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string> { Path.Combine("tests", "Notebooks.Tests", "Fixtures", "passing", "smoke.ipynb") };
        if (Directory.Exists(TestPaths.Walkthrough))
            foreach (var path in Directory.GetFiles(TestPaths.Walkthrough, "*.ipynb").Order(StringComparer.Ordinal))
                data.Add(Path.GetRelativePath(TestPaths.RepositoryRoot, path));
        return data;
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Notebook_runs_under_the_dotnet_interactive_Jupyter_kernel(string notebook)
    {
        await EnsureNbconvertAsync();
        var kernels = await InstallKernelSpecAsync();

        var notebookPath = Path.Combine(TestPaths.RepositoryRoot, notebook);
        var outputFolder = TestPaths.NewOutputFolder("jupyter");
        var result = await ProcessRunner.RunAsync(
            Python,
            ["-m", "nbconvert", "--to", "notebook", "--execute", "--output-dir", outputFolder,
             "--ExecutePreprocessor.timeout=240", "--ExecutePreprocessor.startup_timeout=180", notebookPath],
            // The kernel runs in the notebook's folder, where `dotnet interactive` finds the repository's tool manifest.
            Path.GetDirectoryName(notebookPath)!,
            Generous,
            new Dictionary<string, string>
            {
                ["JUPYTER_PATH"] = kernels,
                ["PATH"] = $"/usr/bin:{Environment.GetEnvironmentVariable("PATH")}",
                ["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_NOLOGO"] = "1",
            });
        output.WriteLine(result.ToString());

        Assert.True(result.ExitCode == 0, $"jupyter nbconvert --execute {notebook} failed: {result}");
        var executedPath = Path.Combine(outputFolder, Path.GetFileName(notebook));
        Assert.True(File.Exists(executedPath), $"nbconvert wrote no {executedPath}");
        var executed = ExecutedNotebook.Load(executedPath);
        var codeCells = executed.CodeCells.Where(c => ExecutedNotebook.Text(c["source"]).Trim().Length > 0).ToArray();
        Assert.NotEmpty(codeCells);
        Assert.All(codeCells, c => Assert.NotNull((int?)c["execution_count"]));
        Assert.Contains(codeCells, c => ExecutedNotebook.Outputs(c).Count > 0);
        Assert.DoesNotContain(codeCells.SelectMany(ExecutedNotebook.Outputs), o => (string?)o["output_type"] == "error");
    }

    /// <summary>Installs Debian's nbconvert and ipykernel when missing (as root); otherwise fails saying what to install.</summary>
    private async Task EnsureNbconvertAsync()
    {
        if (await HasNbconvertAsync())
            return;

        var install = $"apt-get -o DPkg::Lock::Timeout=300 update && apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends {string.Join(' ', DebianPackages)}";
        if (Environment.UserName != "root")
            Assert.Fail($"Jupyter's nbconvert is missing for {Python}. Install it: sudo {install}");

        var result = await ProcessRunner.RunAsync("/bin/sh", ["-c", install], "/", TimeSpan.FromMinutes(10),
            new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" });
        output.WriteLine(result.ToString());
        if (result.ExitCode != 0 || !await HasNbconvertAsync())
            Assert.Fail($"Could not install Jupyter's nbconvert; install it yourself: {install}\n{result}");
    }

    private static async Task<bool> HasNbconvertAsync() =>
        File.Exists(Python) &&
        (await ProcessRunner.RunAsync(Python, ["-c", "import nbconvert, nbclient, jupyter_client, ipykernel"], "/", TimeSpan.FromMinutes(1))).ExitCode == 0;

    /// <summary>
    /// Restores the repository's local tools and writes the .NET kernel specs into a private folder (used through
    /// JUPYTER_PATH), so the test does not change the user's Jupyter set-up. Returns that folder.
    /// </summary>
    private async Task<string> InstallKernelSpecAsync()
    {
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        };
        var restore = await ProcessRunner.RunAsync("dotnet", ["tool", "restore"], TestPaths.RepositoryRoot, Generous, environment);
        Assert.True(restore.ExitCode == 0, $"dotnet tool restore failed: {restore}");

        var jupyterPath = TestPaths.NewOutputFolder("jupyter-path");
        var kernels = Path.Combine(jupyterPath, "kernels");
        Directory.CreateDirectory(kernels);
        var install = await ProcessRunner.RunAsync(
            "dotnet", ["tool", "run", "dotnet-interactive", "--", "jupyter", "install", "--path", kernels],
            TestPaths.RepositoryRoot, Generous, environment);
        Assert.True(install.ExitCode == 0, $"dotnet-interactive jupyter install failed: {install}");

        var spec = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(kernels, ".net-csharp", "kernel.json")))!;
        output.WriteLine($"kernel.json argv: {spec["argv"]!.ToJsonString()}");
        return jupyterPath;
    }
}
