using Microsoft.AspNetCore.Http;
using Stepwise.Local.S3;

namespace Stepwise.Local.Hosting;

/// <summary>S3 (restXml, path-style and <c>bucket.localhost</c>) as the host serves it: the wire is
/// <see cref="S3WireProtocol"/>'s; this names the operation for the request log.</summary>
public sealed class S3Endpoint(S3WireProtocol wire) : ServiceEndpoint(KnownServices.S3)
{
    /// <inheritdoc/>
    public override async Task<string?> HandleAsync(HttpContext context)
    {
        await wire.HandleAsync(context).ConfigureAwait(false);
        return OperationName(context.Request);
    }

    /// <summary>The S3 operation a request is, as far as method, path and sub-resource tell (for the request log).</summary>
    internal static string OperationName(HttpRequest request)
    {
        var segments = (request.Path.Value ?? "/").Trim('/').Split('/', 2, StringSplitOptions.RemoveEmptyEntries);
        var query = request.Query;
        var hasKey = segments.Length == 2;
        return (request.Method, segments.Length, hasKey) switch
        {
            ("GET", 0, _) => "ListBuckets",
            ("PUT", 1, false) => "CreateBucket",
            ("HEAD", 1, false) => "HeadBucket",
            ("DELETE", 1, false) => "DeleteBucket",
            ("GET", 1, false) => query["list-type"] == "2" ? "ListObjectsV2" : "ListObjects",
            ("POST", 1, false) when query.ContainsKey("delete") => "DeleteObjects",
            ("PUT", _, true) when query.ContainsKey("uploadId") => "UploadPart",
            ("PUT", _, true) => request.Headers.ContainsKey("x-amz-copy-source") ? "CopyObject" : "PutObject",
            ("GET", _, true) => query.ContainsKey("uploadId") ? "ListParts" : "GetObject",
            ("HEAD", _, true) => "HeadObject",
            ("DELETE", _, true) => query.ContainsKey("uploadId") ? "AbortMultipartUpload" : "DeleteObject",
            ("POST", _, true) when query.ContainsKey("uploads") => "CreateMultipartUpload",
            ("POST", _, true) when query.ContainsKey("uploadId") => "CompleteMultipartUpload",
            _ => $"{request.Method} {request.Path}",
        };
    }
}
