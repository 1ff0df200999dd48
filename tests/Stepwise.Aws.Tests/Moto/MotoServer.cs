using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;

namespace Stepwise.Aws.Tests.Moto;

/// <summary>One <c>moto_server</c> per test run on a free 127.0.0.1 port (moto 5.2.1 is in the machine image's python3).</summary>
public sealed class MotoServer : IAsyncLifetime
{
    private Process? _process;

    public Uri Url { get; private set; } = null!;

    /// <summary>Clients of every port against this server.</summary>
    public AwsClients CreateClients() => AwsClients.Create(new AwsClientOptions
    {
        Region = "us-east-1",
        Credentials = new BasicAWSCredentials("testing", "testing"),
        EndpointUrl = Url,
        EnvironmentVariables = _ => null,
        Retry = new Stepwise.Aws.Retries.AwsRetryOptions { MaxAttempts = 1 },
        Timeout = TimeSpan.FromSeconds(30),
    });

    public async Task InitializeAsync()
    {
        var executable = FindOnPath("moto_server") ?? throw new InvalidOperationException(
            "moto_server was not found on PATH. It comes with moto 5.2.1 in the machine image's python3 (pyenv 3.11); " +
            "elsewhere: `python3 -m pip install 'moto[server]==5.2.1'` and put its scripts directory on PATH.");
        var port = FreePort();
        Url = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo(executable, ["-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"moto_server exited with code {_process.ExitCode} before listening on {Url}.");
            try
            {
                using var response = await http.GetAsync(new Uri(Url, "/moto-api/"));
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // not answering yet
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"moto_server did not answer on {Url} within 30 s.");
    }

    public async Task DisposeAsync()
    {
        if (_process is null)
            return;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private static string? FindOnPath(string name) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class MotoCollection : ICollectionFixture<MotoServer>
{
    public const string Name = "moto";
}
