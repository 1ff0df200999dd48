using Amazon.Runtime;
using Amazon.S3;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Stepwise.Local.S3;

namespace Stepwise.Local.Tests.S3;

/// <summary>A Kestrel server on 127.0.0.1 (a free port) that hands every request to <see cref="S3WireProtocol"/> over a
/// fresh <see cref="LocalS3"/> in a temporary folder. Stands in until the multi-service host's test environment does.</summary>
internal sealed class S3TestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private S3TestServer(WebApplication app, LocalS3 s3, Uri uri)
    {
        _app = app;
        S3 = s3;
        Uri = uri;
    }

    public LocalS3 S3 { get; }

    /// <summary>The endpoint URL, e.g. <c>http://127.0.0.1:51234/</c>.</summary>
    public Uri Uri { get; }

    public static async Task<S3TestServer> StartAsync()
    {
        var s3 = new LocalS3(Directory.CreateTempSubdirectory("stepwise-s3-wire-").FullName);
        var wire = new S3WireProtocol(s3);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(System.Net.IPAddress.Loopback, 0);
            kestrel.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        app.Run(wire.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new S3TestServer(app, s3, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>An AWSSDK.S3 client for this server: path style, any credentials.</summary>
    public AmazonS3Client Client() => new(new BasicAWSCredentials("test", "test"), new AmazonS3Config
    {
        ServiceURL = Uri.ToString(),
        ForcePathStyle = true,
        AuthenticationRegion = "us-east-1",
        MaxErrorRetry = 0,
    });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(S3.Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
