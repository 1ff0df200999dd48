using System.Diagnostics;

namespace Stepwise.Aws.Contracts.Tests;

/// <summary>Runs tools/codegen/generate.py with the machine's <c>python3</c> (the image's pyenv 3.11, which has botocore
/// 1.43); <c>STEPWISE_PYTHON</c> names another interpreter.</summary>
internal static class Codegen
{
    public static string Python => Environment.GetEnvironmentVariable("STEPWISE_PYTHON") ?? "python3";

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Runs a Python program in the repository root; fails the test with its output when it fails.</summary>
    public static string RunPython(params string[] arguments)
    {
        var start = new ProcessStartInfo(Python)
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Python}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{Python} {string.Join(' ', arguments)} ran over 3 minutes.");
        }
        Assert.True(process.ExitCode == 0,
            $"{Python} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{stderr.Result}{stdout.Result}\n" +
            "The generator needs botocore 1.43.x: the machine image's pyenv python3 has it; elsewhere " +
            "`python3 -m pip install 'botocore==1.43.*'` (or set STEPWISE_PYTHON to an interpreter that has it).");
        return stdout.Result;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Notebooks.sln")) && Directory.Exists(Path.Combine(dir.FullName, "tools", "codegen")))
                return dir.FullName;
        throw new InvalidOperationException($"No repository root (Notebooks.sln, tools/codegen) above {AppContext.BaseDirectory}.");
    }
}
