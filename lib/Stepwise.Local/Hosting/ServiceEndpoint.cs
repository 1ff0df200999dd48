using Microsoft.AspNetCore.Http;
using Stepwise.Aws.Protocol;

namespace Stepwise.Local.Hosting;

/// <summary>One local service as the host serves it: which requests are its own, and how it answers them.</summary>
public abstract class ServiceEndpoint(ServiceDescriptor service)
{
    /// <summary>The service, as its model describes it (protocol, signing name, target prefix).</summary>
    public ServiceDescriptor Service { get; } = service;

    /// <summary>Answers one request and returns the operation's name (for the request log), or null when unknown.</summary>
    public abstract Task<string?> HandleAsync(HttpContext context);
}
