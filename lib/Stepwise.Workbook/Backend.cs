using Stepwise.Local;

namespace Stepwise.Workbook;

/// <summary>Picks where a notebook's calls go, and says so: the embedded local cloud by default; AWS when
/// <c>STEPWISE_BACKEND=aws</c> or on a SageMaker notebook instance.</summary>
public static class Backend
{
    /// <summary>Connects to the backend and prints which one it is (region, account): the first cell of every notebook.</summary>
    public static ICloud Connect(BackendOptions? options = null) => ConnectAsync(options).GetAwaiter().GetResult();

    /// <summary>As <see cref="Connect(BackendOptions?)"/>, asynchronously.</summary>
    public static async Task<ICloud> ConnectAsync(BackendOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new BackendOptions();
        ICloud cloud = Choose(options) switch
        {
            BackendKind.Aws => await AwsBackend.ConnectAsync(options, cancellationToken).ConfigureAwait(false),
            _ => await LocalBackend.StartOrAttachAsync(LocalOptions(options), LocalPort(options), cancellationToken).ConfigureAwait(false),
        };
        if (options.RoleArn is { } roleArn)
        {
            try
            {
                cloud = await RoleSession.AssumeAsync(cloud, roleArn, options.RoleSessionName, ownsParent: true, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await cloud.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        (options.Log ?? Console.Out).WriteLine(cloud.ToString());
        return cloud;
    }

    /// <summary>The backend the options and the environment ask for.</summary>
    public static BackendKind Choose(BackendOptions options)
    {
        if (options.Kind is { } kind)
            return kind;
        var requested = options.Variable("STEPWISE_BACKEND");
        if (!string.IsNullOrWhiteSpace(requested))
            return requested.Trim().ToLowerInvariant() switch
            {
                "aws" => BackendKind.Aws,
                "local" => BackendKind.Local,
                _ => throw new ArgumentException($"STEPWISE_BACKEND='{requested}': expected 'local' (the embedded cloud) or 'aws'."),
            };
        return File.Exists(options.NotebookInstanceMetadata) ? BackendKind.Aws : BackendKind.Local;
    }

    /// <summary>The local cloud of a notebook: <c>STEPWISE_HOME</c>'s data directory, and IAM enforced as AWS enforces it
    /// (notebook 01 creates the roles) unless <c>STEPWISE_IAM=off</c>.</summary>
    private static LocalCloudOptions LocalOptions(BackendOptions options)
    {
        if (options.Local is { } given)
            return given;
        var enforce = options.Variable("STEPWISE_IAM")?.Trim().ToLowerInvariant() switch
        {
            null or "" or "on" or "enforce" => true,
            "off" => false,
            var other => throw new ArgumentException($"STEPWISE_IAM='{other}': expected 'on' (the default: the local cloud checks IAM as AWS does) or 'off'."),
        };
        return options.Variable("STEPWISE_HOME") is { Length: > 0 } home
            ? new LocalCloudOptions { DataDirectory = home, EnforceIam = enforce }
            : new LocalCloudOptions { EnforceIam = enforce };
    }

    private static int LocalPort(BackendOptions options)
    {
        if (options.LocalPort is { } port)
            return port;
        var text = options.Variable("STEPWISE_PORT");
        if (string.IsNullOrWhiteSpace(text))
            return 0;
        return int.TryParse(text, out var parsed) && parsed is >= 0 and <= 65535
            ? parsed
            : throw new ArgumentException($"STEPWISE_PORT='{text}': expected a TCP port, 0..65535 (0 picks a free one).");
    }
}
