using System.Diagnostics;
using System.Text;

namespace Notebooks.Tests;

/// <summary>Runs a child process with a time limit and captures its output.</summary>
internal static class ProcessRunner
{
    public sealed record Result(int ExitCode, string Output)
    {
        public override string ToString() => $"exit code {ExitCode}\n{Output}";
    }

    public static async Task<Result> RunAsync(
        string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            lock (output)
                return new Result(-1, $"{fileName} {string.Join(' ', arguments)} did not finish within {timeout}; killed.\n{output}");
        }
        process.WaitForExit(); // flushes the asynchronous output readers
        lock (output)
            return new Result(process.ExitCode, output.ToString());
    }
}
