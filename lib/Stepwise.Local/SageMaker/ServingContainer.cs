using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Stepwise.Local.Images;
using Stepwise.Local.Logs;

namespace Stepwise.Local.SageMaker;

/// <summary>One production variant's container: the image's <c>serve</c> entry point as a process listening on a free
/// 127.0.0.1 port (<c>SAGEMAKER_BIND_TO_PORT</c>), <c>STEPWISE_OPT_ML</c> pointing at its <c>opt/ml</c> (the model in
/// <c>model/</c>), the model's environment, its stdout and stderr in CloudWatch Logs.</summary>
internal sealed class ServingContainer
{
    private readonly Process _process;
    private readonly Task _logging;

    private ServingContainer(string variant, Process process, int port, string logStream, Task logging)
    {
        Variant = variant;
        _process = process;
        Port = port;
        LogStream = logStream;
        _logging = logging;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        Exited = process.WaitForExitAsync();
        Process = new ProcessRef(process.Id, process.StartTime.ToUniversalTime());
    }

    public string Variant { get; }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public string LogStream { get; }

    public ProcessRef Process { get; }

    /// <summary>Completes when the process exits.</summary>
    public Task Exited { get; }

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public static async Task<ServingContainer> StartAsync(LocalImage image, string optMl, IReadOnlyDictionary<string, string>? environment,
        string variant, LocalLogs logs, string logGroup, CancellationToken cancellationToken, string? logStream = null)
    {
        var port = FreePort();
        var info = image.StartInfo("serve");
        info.Environment["STEPWISE_OPT_ML"] = optMl;
        info.Environment["SAGEMAKER_BIND_TO_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            info.Environment[name] = value;
        var stream = logStream ?? $"{variant}/{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8))}";
        var writer = await logs.WriterForAsync(logGroup, stream, cancellationToken).ConfigureAwait(false);
        var process = System.Diagnostics.Process.Start(info) ?? throw new InvalidOperationException($"Could not start {info.FileName}.");
        process.StandardInput.Close();

        var lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        async Task PumpAsync(StreamReader reader)
        {
            while (await reader.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line)
                lines.Writer.TryWrite(line);
        }
        _ = Task.WhenAll(PumpAsync(process.StandardOutput), PumpAsync(process.StandardError))
            .ContinueWith(_ => lines.Writer.TryComplete(), TaskScheduler.Default);
        return new ServingContainer(variant, process, port, stream, LogAsync(lines.Reader, writer));
    }

    /// <summary>Null once <c>GET /ping</c> answers 200; else why not (the process exited, or the timeout passed).</summary>
    public async Task<string?> WaitHealthyAsync(HttpClient http, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Exited.IsCompleted)
                return $"The primary container for production variant {Variant} exited with code {_process.ExitCode} before it passed the ping health check. Please check CloudWatch logs for this endpoint.";
            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attempt.CancelAfter(TimeSpan.FromSeconds(2));
                using var response = await http.GetAsync(new Uri(BaseAddress, "ping"), attempt.Token).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK) return null;
            }
            catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // Not listening yet, or too slow to answer.
            }
            if (deadline.Elapsed >= timeout)
                return $"The primary container for production variant {Variant} did not pass the ping health check within {timeout.TotalSeconds:0.#} seconds. Please check CloudWatch logs for this endpoint.";
            await Task.WhenAny(Exited, Task.Delay(delay, cancellationToken)).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 100));
        }
    }

    /// <summary>SIGTERM, a grace period, then a kill; waits for its output to be logged.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (!Exited.IsCompleted)
        {
            ProcessSignals.Terminate(_process);
            await Task.WhenAny(Exited, Task.Delay(grace)).ConfigureAwait(false);
            if (!Exited.IsCompleted) ProcessSignals.KillTree(_process);
        }
        await Exited.ConfigureAwait(false);
        await Task.WhenAny(_logging, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
        _process.Dispose();
    }

    /// <summary>Kills a process a previous run left behind, when it is still that process.</summary>
    public static void KillLeftover(ProcessRef process)
    {
        try
        {
            using var running = System.Diagnostics.Process.GetProcessById(process.Id);
            if (Math.Abs((running.StartTime.ToUniversalTime() - process.StartTime).TotalSeconds) < 2)
                ProcessSignals.KillTree(running);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Gone already.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task LogAsync(ChannelReader<string> lines, LogStreamWriter writer)
    {
        var batch = new List<string>();
        while (await lines.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (batch.Count < 1000 && lines.TryRead(out var line))
                batch.Add(line);
            try
            {
                await writer.WriteLinesAsync(batch, CancellationToken.None).ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                return; // the cloud closed its logs
            }
            batch.Clear();
        }
    }
}
