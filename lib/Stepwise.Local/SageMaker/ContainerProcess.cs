using System.Diagnostics;
using System.Threading.Channels;
using Stepwise.Local.Logs;

namespace Stepwise.Local.SageMaker;

/// <summary>Runs a job's container as a process until it exits: stdout and stderr to its CloudWatch Logs stream (each
/// line also to <c>onLine</c>; nowhere without a writer: a role that may not write logs), and on a stop SIGTERM, the grace period, then SIGKILL, as <c>docker stop</c> does.</summary>
internal static class ContainerProcess
{
    public static async Task<int> RunAsync(ProcessStartInfo info, LogStreamWriter? writer, Action<ProcessRef?> tracked, Func<string, bool>? onLine,
        Action? onMatched, CancellationToken stop, TimeSpan grace, TimeProvider time, CancellationToken shutdown)
    {
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {info.FileName}.");
        process.StandardInput.Close();
        tracked(new ProcessRef(process.Id, process.StartTime.ToUniversalTime()));

        var lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        async Task PumpAsync(StreamReader reader)
        {
            while (await reader.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line)
                lines.Writer.TryWrite(line);
        }
        var pumps = Task.WhenAll(PumpAsync(process.StandardOutput), PumpAsync(process.StandardError))
            .ContinueWith(_ => lines.Writer.TryComplete(), TaskScheduler.Default);
        var logging = LogAsync(lines.Reader, writer, onLine, onMatched);
        try
        {
            var exited = process.WaitForExitAsync(shutdown);
            await Task.WhenAny(exited, Task.Delay(Timeout.Infinite, stop)).ConfigureAwait(false);
            if (!exited.IsCompleted)
            {
                ProcessSignals.Terminate(process);
                await Task.WhenAny(exited, Task.Delay(grace, time, shutdown)).ConfigureAwait(false);
                if (!exited.IsCompleted)
                {
                    if (writer is not null)
                        await writer.WriteLineAsync($"[stepwise] The container did not exit within {grace.TotalSeconds:0} s of SIGTERM; killing it.", shutdown).ConfigureAwait(false);
                    ProcessSignals.KillTree(process);
                }
            }
            await exited.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            ProcessSignals.KillTree(process);
            throw;
        }
        await pumps.ConfigureAwait(false);
        await logging.ConfigureAwait(false);
        tracked(null);
        return process.ExitCode;
    }

    private static async Task LogAsync(ChannelReader<string> lines, LogStreamWriter? writer, Func<string, bool>? onLine, Action? onMatched)
    {
        var batch = new List<string>();
        while (await lines.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            var matched = false;
            while (batch.Count < 1000 && lines.TryRead(out var line))
            {
                batch.Add(line);
                if (onLine is not null) matched |= onLine(line);
            }
            try
            {
                if (writer is not null)
                    await writer.WriteLinesAsync(batch, CancellationToken.None).ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                return; // the cloud closed its logs under a job being abandoned
            }
            batch.Clear();
            if (matched) onMatched?.Invoke();
        }
    }
}
