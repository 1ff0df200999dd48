using Microsoft.AspNetCore.Http;
using Stepwise.Aws.Protocol;

namespace Stepwise.Local.Hosting;

/// <summary>Finds the service a request is for: by <c>X-Amz-Target</c> prefix (awsJson), by the SigV4 credential
/// scope's service name, then — on a host of several services — by path (Lambda's and SageMaker Runtime's REST paths;
/// anything else is S3's).</summary>
public sealed class ServiceRouter(IReadOnlyList<ServiceEndpoint> served)
{
    /// <summary>The services served.</summary>
    public IReadOnlyList<ServiceEndpoint> Served { get; } = served;

    /// <summary>The endpoint serving the request, or null with the service it was meant for when that one is not
    /// served (null when not even that can be told).</summary>
    public (ServiceEndpoint? Endpoint, ServiceDescriptor? Service) Route(HttpRequest request)
    {
        var target = request.Headers["X-Amz-Target"].ToString();
        if (target.Length > 0)
        {
            var dot = target.LastIndexOf('.');
            var prefix = dot > 0 ? target[..dot] : target;
            return Find(s => s.TargetPrefix == prefix, s => s.TargetPrefix == prefix);
        }

        var scope = SigningScope(request);
        if (scope is not null)
        {
            // SageMaker and its runtime sign with the same name; without a target, it is the runtime's REST call.
            var restOnly = scope == "sagemaker";
            var found = Find(s => s.SigningName == scope && (!restOnly || s.TargetPrefix is null),
                             s => s.SigningName == scope && (!restOnly || s.TargetPrefix is null));
            if (found.Service is not null)
                return found;
        }

        // A host of one service (a test's, or a fake's) answers everything in that service's protocol.
        if (Served.Count == 1)
            return (Served[0], Served[0].Service);

        var path = request.Path.Value ?? "/";
        if (path.StartsWith("/2015-03-31/functions", StringComparison.Ordinal))
            return Find(s => s.EndpointPrefix == "lambda", s => s.EndpointPrefix == "lambda");
        if (path.StartsWith("/endpoints/", StringComparison.Ordinal))
            return Find(s => s.EndpointPrefix == "runtime.sagemaker", s => s.EndpointPrefix == "runtime.sagemaker");
        if (request.HasFormContentType || request.Query.ContainsKey("Action"))
            return (null, null); // a query-protocol call without a signature: IAM or STS cannot be told apart
        return Find(s => s.Protocol == AwsProtocol.RestXml, s => s.Protocol == AwsProtocol.RestXml);
    }

    private (ServiceEndpoint? Endpoint, ServiceDescriptor? Service) Find(Func<ServiceDescriptor, bool> serving, Func<ServiceDescriptor, bool> known)
    {
        foreach (var endpoint in Served)
            if (serving(endpoint.Service))
                return (endpoint, endpoint.Service);
        return (null, KnownServices.All.FirstOrDefault(known));
    }

    /// <summary>The access key id of the SigV4 credential (<c>Credential=AKID/…</c>), from the Authorization header or a
    /// presigned URL's <c>X-Amz-Credential</c>: whom the request acts as (see <see cref="Iam.CallerContext"/>).</summary>
    public static string? AccessKeyId(HttpRequest request)
    {
        var credential = Credential(request);
        var slash = credential.IndexOf('/');
        return slash > 0 ? credential[..slash].Trim() : null;
    }

    private static string Credential(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        return authorization.IndexOf("Credential=", StringComparison.Ordinal) is var at and >= 0
            ? authorization[(at + "Credential=".Length)..].Split(',', 2)[0]
            : request.Query["X-Amz-Credential"].ToString();
    }

    /// <summary>The service name of the SigV4 credential scope (<c>Credential=AKID/20260101/us-east-1/states/aws4_request</c>),
    /// from the Authorization header or a presigned URL's <c>X-Amz-Credential</c>.</summary>
    public static string? SigningScope(HttpRequest request)
    {
        var parts = Credential(request).Split('/');
        return parts.Length >= 5 && parts[^1].Trim() == "aws4_request" ? parts[^2] : null;
    }
}
