using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Stepwise.Local.Tests.Reliability;

/// <summary><c>stepwise local --port 0 --data DIR</c> as a child process: started from the CLI assembly built beside
/// this test assembly, ready once it prints <c>listening on http://127.0.0.1:N</c>.</summary>
internal sealed partial class LocalProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private LocalProcess(Process process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public int Id => _process.Id;

    /// <summary>The CLI assembly of the same configuration as this test assembly, or null if it is not built.</summary>
    public static string? FindCli()
    {
        var here = AppContext.BaseDirectory;
        if (TestRepository.TryFindRoot() is not { } root) return null;
        var configuration = here.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(root, "lib", "Stepwise.Cli", "bin", configuration, "net10.0", "stepwise.dll");
        return File.Exists(dll) ? dll : null;
    }

    public static async Task<LocalProcess> StartAsync(string cli, string dataDirectory, TimeSpan timeout)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { cli, "local", "--port", "0", "--data", dataDirectory }) info.ArgumentList.Add(argument);
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet.");
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new List<string>();
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null) return;
            lock (output) output.Add(line.Data);
            if (Listening().Match(line.Data) is { Success: true } match) listening.TrySetResult(new Uri(match.Groups[1].Value + "/"));
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null) lock (output) output.Add(line.Data);
        };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"stepwise local exited with {process.ExitCode}:\n{string.Join('\n', output)}"));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var endpoint = await listening.Task.WaitAsync(timeout);
            return new LocalProcess(process, endpoint);
        }
        catch
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>kill -9: no shutdown hook runs, nothing is flushed.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited) KillHard();
        _process.Dispose();
    }

    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}
