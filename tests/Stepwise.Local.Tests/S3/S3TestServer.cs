using Amazon.Runtime;
using Amazon.S3;
using Stepwise.Local.S3;
using Stepwise.Local.Testing;

namespace Stepwise.Local.Tests.S3;

/// <summary>S3 on the local cloud's one host (a <see cref="LocalCloudEnvironment"/>: temporary data directory, free port),
/// with an AWSSDK.S3 client for it.</summary>
internal sealed class S3TestServer : IAsyncDisposable
{
    private readonly LocalCloudEnvironment _environment;

    private S3TestServer(LocalCloudEnvironment environment) => _environment = environment;

    public LocalS3 S3 => _environment.Cloud.S3;

    /// <summary>The endpoint URL, e.g. <c>http://127.0.0.1:51234/</c>.</summary>
    public Uri Uri => _environment.Endpoint;

    public static async Task<S3TestServer> StartAsync() => new(await LocalCloudEnvironment.StartTemporaryAsync());

    /// <summary>An AWSSDK.S3 client for this server: path style, any credentials.</summary>
    public AmazonS3Client Client() => new(new BasicAWSCredentials("test", "test"), new AmazonS3Config
    {
        ServiceURL = Uri.ToString(),
        ForcePathStyle = true,
        AuthenticationRegion = "us-east-1",
        MaxErrorRetry = 0,
    });

    public ValueTask DisposeAsync() => _environment.DisposeAsync();
}
