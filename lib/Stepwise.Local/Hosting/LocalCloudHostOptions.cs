using System.Net;
using Microsoft.Extensions.Logging;

namespace Stepwise.Local.Hosting;

/// <summary>Settings of a <see cref="LocalCloudHost"/>.</summary>
public sealed record LocalCloudHostOptions
{
    /// <summary>The TCP port; 0 picks a free one (read it from <see cref="LocalCloudHost.Uri"/> after start).</summary>
    public int Port { get; init; }

    /// <summary>The address to listen on; loopback by default, since the host checks no credentials.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>Requests with a larger body are refused with the service's validation error (AWS's JSON APIs take 1 MiB;
    /// S3 streams objects and is not held to it).</summary>
    public long MaxRequestBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>One line per request (service, operation, status, milliseconds); none when null (<c>--quiet</c>).</summary>
    public TextWriter? RequestLog { get; init; }

    /// <summary>Where the host logs unexpected failures; none by default.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    internal void Validate()
    {
        if (Port is < 0 or > 65535)
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "Port must be 0 (any free port) or 1..65535.");
        if (MaxRequestBodyBytes < 2)
            throw new ArgumentOutOfRangeException(nameof(MaxRequestBodyBytes), MaxRequestBodyBytes, "The body limit must leave room for '{}'.");
    }
}
