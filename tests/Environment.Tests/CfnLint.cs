using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Environment.Tests;

/// <summary>The independent <c>cfn-lint</c> npm package (1.9.7), installed on first use into a cache folder
/// (<c>$STEPWISE_CACHE</c>, else <c>~/.cache/stepwise</c>).</summary>
internal static partial class CfnLint
{
    public const string Version = "1.9.7";
    private static readonly Lazy<string> Folder = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Whether npm is on PATH (the one reason the lint test may skip).</summary>
    public static bool NpmAvailable() => Which("npm") is not null && Which("node") is not null;

    /// <summary>Exit code and output (colours removed) of <c>cfn-lint validate FILE</c>.</summary>
    public static (int ExitCode, string Output) Validate(string template)
    {
        var (code, stdout, stderr) = Run("node", [Path.Combine(Folder.Value, "node_modules", "cfn-lint", "lib", "index.js"), "validate", template], Folder.Value);
        return (code, Ansi().Replace(stdout + stderr, ""));
    }

    private static string Install()
    {
        var cache = System.Environment.GetEnvironmentVariable("STEPWISE_CACHE") ??
                    Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".cache", "stepwise");
        var folder = Path.Combine(cache, $"cfn-lint-{Version}");
        Directory.CreateDirectory(folder);
        if (!File.Exists(Path.Combine(folder, "node_modules", "cfn-lint", "package.json")))
        {
            var (code, _, stderr) = Run("npm", ["install", "--prefix", folder, $"cfn-lint@{Version}", "--no-audit", "--no-fund", "--loglevel=error"], folder);
            if (code != 0) throw new InvalidOperationException($"npm install cfn-lint@{Version} failed ({code}): {stderr}");
        }
        return folder;
    }

    private static string? Which(string name) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    private static (int, string, string) Run(string file, string[] arguments, string directory)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        info.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5))) { process.Kill(true); throw new TimeoutException($"{file} {string.Join(' ', arguments)} ran over 5 minutes."); }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [GeneratedRegex(@"\x1B\[[0-9;]*m")]
    private static partial Regex Ansi();
}
