using Microsoft.AspNetCore.Http;
using Stepwise.Aws.Protocol;
using Stepwise.Local.Iam.Authorization;
using Stepwise.Local.S3;

namespace Stepwise.Local.Hosting;

/// <summary>S3 (restXml, path-style and <c>bucket.localhost</c>) as the host serves it: the wire is
/// <see cref="S3WireProtocol"/>'s; this names the operation for the request log and, with an
/// <paramref name="authorizer"/>, refuses a role session's request its policies do not allow (<see cref="S3Authorization"/>).</summary>
public sealed class S3Endpoint(S3WireProtocol wire, CallerAuthorizer? authorizer = null) : ServiceEndpoint(KnownServices.S3)
{
    /// <inheritdoc/>
    public override async Task<string?> HandleAsync(HttpContext context)
    {
        var operation = OperationName(context.Request);
        if (authorizer is not null)
        {
            try
            {
                authorizer.Authorize(S3Authorization.Table, operation, Request(context.Request));
            }
            catch (AwsServiceException e)
            {
                // The body was never read (a client waiting on 100-continue never sends it): close the connection, as S3
                // does, so that the unread body cannot be taken for the start of the next request.
                context.Response.Headers.Connection = "close";
                await ProtocolErrors.WriteS3Async(context.Response, e).ConfigureAwait(false);
                return operation;
            }
        }
        await wire.HandleAsync(context).ConfigureAwait(false);
        return operation;
    }

    /// <summary>The bucket, key and copy source of a request, path-style or virtual-hosted (<c>bucket.localhost</c>).</summary>
    internal static S3Request Request(HttpRequest request)
    {
        var path = Uri.UnescapeDataString((request.Path.Value ?? "/").TrimStart('/'));
        var host = request.Host.Host;
        var virtualBucket = host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase) ? host[..^".localhost".Length] : null;
        string? bucket, key;
        if (virtualBucket is not null)
            (bucket, key) = (virtualBucket, path.Length == 0 ? null : path);
        else
        {
            var slash = path.IndexOf('/');
            (bucket, key) = path.Length == 0 ? (null, null) : slash < 0 ? (path, null) : (path[..slash], path[(slash + 1)..] is { Length: > 0 } k ? k : null);
        }
        var copySource = request.Headers["x-amz-copy-source"].ToString();
        return new S3Request(bucket, key, copySource.Length == 0 ? null : copySource);
    }

    /// <summary>The S3 operation a request is, as far as method, bucket, key and sub-resource tell (for the request log and IAM).</summary>
    internal static string OperationName(HttpRequest request)
    {
        var target = Request(request);
        var query = request.Query;
        return (request.Method, target.Bucket is not null, target.Key is not null) switch
        {
            ("GET", false, _) => "ListBuckets",
            ("PUT", true, false) => "CreateBucket",
            ("HEAD", true, false) => "HeadBucket",
            ("DELETE", true, false) => "DeleteBucket",
            ("GET", true, false) when query.ContainsKey("location") => "GetBucketLocation",
            ("GET", true, false) => query["list-type"] == "2" ? "ListObjectsV2" : "ListObjects",
            ("POST", true, false) when query.ContainsKey("delete") => "DeleteObjects",
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
