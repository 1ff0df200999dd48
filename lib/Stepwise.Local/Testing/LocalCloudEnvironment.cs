using Stepwise.Local.Hosting;
using Stepwise.Local.StepFunctions.Runtime;

namespace Stepwise.Local.Testing;

/// <summary>A local cloud for one test: a temporary data directory, a host on a free port, and optionally skipped time.
/// Dispose it to stop everything and delete the directory.</summary>
/// <example><code>
/// await using var env = await LocalCloudEnvironment.StartTimeSkippingAsync();
/// var sfn = env.Cloud.StepFunctions;         // in-process
/// var endpoint = env.Endpoint;               // over the wire, for boto3, the CLI or Stepwise.Aws
/// </code></example>
public sealed class LocalCloudEnvironment : IAsyncDisposable
{
    private readonly bool _ownsDirectory;

    private LocalCloudEnvironment(LocalCloud cloud, LocalCloudHost? host, VirtualClock? clock, bool ownsDirectory)
    {
        Cloud = cloud;
        Host = host;
        Clock = clock;
        _ownsDirectory = ownsDirectory;
    }

    /// <summary>The local cloud.</summary>
    public LocalCloud Cloud { get; }

    /// <summary>Its host, unless the options said not to start one.</summary>
    public LocalCloudHost? Host { get; }

    /// <summary>The host's endpoint URL (<c>http://127.0.0.1:PORT/</c>).</summary>
    public Uri Endpoint => (Host ?? throw new InvalidOperationException("This environment was started without a host (StartHost = false).")).Uri;

    /// <summary>In a time-skipping environment, the virtual clock: waits and back-offs pass at once; advance it for deadlines.</summary>
    public VirtualClock? Clock { get; }

    /// <summary>The clock every service reads.</summary>
    public TimeProvider Time => Cloud.Time;

    /// <summary>Where the cloud keeps its data.</summary>
    public string DataDirectory => Cloud.DataDirectory;

    /// <summary>A local cloud on real time (or the options' clock).</summary>
    public static Task<LocalCloudEnvironment> StartTemporaryAsync(LocalCloudEnvironmentOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync(options ?? new LocalCloudEnvironmentOptions(), null, cancellationToken);

    /// <summary>A local cloud whose time is virtual: a day-long Wait state or retry back-off completes at once.</summary>
    public static Task<LocalCloudEnvironment> StartTimeSkippingAsync(LocalCloudEnvironmentOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync(options ?? new LocalCloudEnvironmentOptions(), new VirtualClock(), cancellationToken);

    private static async Task<LocalCloudEnvironment> StartAsync(LocalCloudEnvironmentOptions options, VirtualClock? clock, CancellationToken cancellationToken)
    {
        var ownsDirectory = options.DataDirectory is null;
        var directory = options.DataDirectory ?? Path.Combine(Path.GetTempPath(), "stepwise-test-" + Guid.NewGuid().ToString("N"));
        var cloud = LocalCloud.Open(new LocalCloudOptions
        {
            DataDirectory = directory,
            Time = clock is null ? options.Time ?? TimeProvider.System : new VirtualTimeProvider(clock),
            Clock = clock,
            ResumeRunningExecutions = options.ResumeRunningExecutions,
            RandomSeed = options.RandomSeed,
            StepFunctionsMocks = options.StepFunctionsMocks,
            EnforceIam = options.EnforceIam,
        });
        try
        {
            var host = options.StartHost
                ? await cloud.StartHostAsync(new LocalCloudHostOptions { RequestLog = options.RequestLog }, cancellationToken).ConfigureAwait(false)
                : null;
            return new LocalCloudEnvironment(cloud, host, clock, ownsDirectory);
        }
        catch
        {
            await cloud.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the host and the services; deletes the data directory when it was a temporary one.</summary>
    public async ValueTask DisposeAsync()
    {
        await Cloud.DisposeAsync().ConfigureAwait(false);
        if (!_ownsDirectory)
            return;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                if (Directory.Exists(DataDirectory))
                    Directory.Delete(DataDirectory, recursive: true);
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // SQLite may still be closing a file; a leftover temporary directory is not worth failing a test for.
                await Task.Delay(100).ConfigureAwait(false);
            }
        }
    }
}
