using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Stepwise.Local.S3;

/// <summary>
/// Serves <see cref="LocalS3"/> over S3's REST-XML wire: path-style requests (<c>/{bucket}</c>, <c>/{bucket}/{key…}</c>)
/// and virtual-hosted ones (<c>{bucket}.localhost</c>). Keys are taken from the raw request target, so <c>..</c>, <c>//</c>
/// and <c>%2F</c> in a key arrive as sent. Signatures are not checked; <c>aws-chunked</c> bodies (signed or unsigned, with or
/// without trailing checksums) are decoded, and flexible checksums are verified. Errors are S3's <c>&lt;Error&gt;</c>
/// documents with S3's status; only a failure of the service itself is a 500. Sub-resources that are not implemented
/// (<c>?acl</c>, <c>?tagging</c>…) answer 501 NotImplemented, as S3 does for features it lacks.
/// </summary>
public sealed partial class S3WireProtocol(LocalS3 s3, string region = "us-east-1")
{
    private static readonly string[] NotImplementedSubresources =
    [
        "accelerate", "acl", "analytics", "attributes", "cors", "encryption", "intelligent-tiering", "inventory", "legal-hold",
        "lifecycle", "logging", "metrics", "notification", "object-lock", "ownershipControls", "policy", "policyStatus",
        "publicAccessBlock", "replication", "requestPayment", "restore", "retention", "select", "tagging", "torrent",
        "versions", "website",
    ];

    private readonly LocalS3 _s3 = s3;
    private readonly string _region = region;

    /// <summary>Answers one S3 request.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        var requestId = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        var response = context.Response;
        response.Headers["x-amz-request-id"] = requestId;
        response.Headers["x-amz-id-2"] = requestId;
        try
        {
            var request = Parse(context);
            await DispatchAsync(request).ConfigureAwait(false);
        }
        catch (S3Exception error)
        {
            await WriteErrorAsync(context, error, requestId).ConfigureAwait(false);
        }
        catch (BadHttpRequestException)
        {
            await WriteErrorAsync(context, S3Errors.IncompleteBody(), requestId).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (IOException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            await WriteErrorAsync(context, new S3Exception("InternalError", $"We encountered an internal error. Please try again. ({error.Message})", 500), requestId).ConfigureAwait(false);
        }
    }

    private sealed record S3Request(HttpContext Context, string Method, string? Bucket, string? Key, IQueryCollection Query)
    {
        public HttpRequest Http => Context.Request;
        public HttpResponse Response => Context.Response;
        public CancellationToken Aborted => Context.RequestAborted;
        public bool Has(string parameter) => Query.ContainsKey(parameter);
        public string? Get(string parameter) => Query.TryGetValue(parameter, out var v) ? v.ToString() : null;
        public string? Header(string name) => Http.Headers.TryGetValue(name, out var v) && v.Count > 0 ? v.ToString() : null;
    }

    private S3Request Parse(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } target ? target : context.Request.Path.Value ?? "/";
        if (raw.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || raw.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var slash = raw.IndexOf('/', raw.IndexOf("//", StringComparison.Ordinal) + 2);
            raw = slash < 0 ? "/" : raw[slash..];
        }
        var query = raw.IndexOf('?');
        var path = query < 0 ? raw : raw[..query];
        if (!path.StartsWith('/')) throw S3Errors.InvalidUri(raw);
        path = path[1..];

        string? bucket;
        string? key;
        var host = context.Request.Host.Host;
        if (host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase) && host.Length > ".localhost".Length)
        {
            bucket = host[..^".localhost".Length].ToLowerInvariant();
            key = path.Length == 0 ? null : S3Xml.PercentDecode(path);
        }
        else
        {
            var slash = path.IndexOf('/');
            var bucketPart = slash < 0 ? path : path[..slash];
            bucket = bucketPart.Length == 0 ? null : S3Xml.PercentDecode(bucketPart);
            key = slash < 0 || slash == path.Length - 1 ? null : S3Xml.PercentDecode(path[(slash + 1)..]);
        }
        return new S3Request(context, context.Request.Method.ToUpperInvariant(), bucket, key, context.Request.Query);
    }

    private Task DispatchAsync(S3Request request)
    {
        if (request.Bucket is null)
            return request.Method is "GET" or "HEAD" ? ListBucketsAsync(request) : throw S3Errors.MethodNotAllowed(request.Method, "SERVICE");
        foreach (var name in NotImplementedSubresources)
            if (request.Has(name)) throw S3Errors.NotImplemented("?" + name);
        S3Names.ValidateBucket(request.Bucket);

        if (request.Key is null)
        {
            return request.Method switch
            {
                "PUT" when request.Has("versioning") => throw S3Errors.NotImplemented("?versioning"),
                "PUT" => CreateBucketAsync(request),
                "HEAD" => HeadBucketAsync(request),
                "DELETE" => DeleteBucketAsync(request),
                "GET" when request.Has("location") => GetBucketLocationAsync(request),
                "GET" when request.Has("versioning") => GetBucketVersioningAsync(request),
                "GET" when request.Has("uploads") => throw S3Errors.NotImplemented("?uploads"),
                "GET" when request.Get("list-type") == "2" => ListObjectsV2Async(request),
                "GET" when request.Get("list-type") is { } other => throw S3Errors.InvalidArgument("Invalid List Type specified", "list-type", other),
                "GET" => ListObjectsAsync(request),
                "POST" when request.Has("delete") => DeleteObjectsAsync(request),
                _ => throw S3Errors.MethodNotAllowed(request.Method, "BUCKET"),
            };
        }
        S3Names.ValidateKey(request.Key);
        return request.Method switch
        {
            "PUT" when request.Has("uploadId") || request.Has("partNumber") => UploadPartAsync(request),
            "PUT" when request.Header("x-amz-copy-source") is not null => CopyObjectAsync(request),
            "PUT" => PutObjectAsync(request),
            "GET" when request.Has("uploadId") => ListPartsAsync(request),
            "GET" => GetObjectAsync(request, withBody: true),
            "HEAD" => GetObjectAsync(request, withBody: false),
            "DELETE" when request.Has("uploadId") => AbortMultipartUploadAsync(request),
            "DELETE" => DeleteObjectAsync(request),
            "POST" when request.Has("uploads") => CreateMultipartUploadAsync(request),
            "POST" when request.Has("uploadId") => CompleteMultipartUploadAsync(request),
            _ => throw S3Errors.MethodNotAllowed(request.Method, "OBJECT"),
        };
    }

    private static async Task WriteErrorAsync(HttpContext context, S3Exception error, string requestId)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            context.Abort();
            return;
        }
        response.Clear();
        await DrainAsync(context).ConfigureAwait(false);
        response.Headers["x-amz-request-id"] = requestId;
        response.Headers["x-amz-id-2"] = requestId;
        response.StatusCode = error.StatusCode;
        if (error.ErrorCode == "MethodNotAllowed") response.Headers.Allow = "GET, PUT, POST, DELETE, HEAD";
        if (HttpMethods.IsHead(context.Request.Method))
        {
            // A HEAD response has no body; clients read the status (and S3 names the error in no header either).
            response.ContentLength = 0;
            return;
        }
        var body = S3Xml.Document("Error", xml =>
        {
            xml.WriteElementString("Code", error.ErrorCode);
            xml.WriteElementString("Message", error.Message);
            foreach (var (name, value) in error.Details) xml.WriteElementString(name, value);
            xml.WriteElementString("RequestId", requestId);
            xml.WriteElementString("HostId", requestId);
        }, ns: null);
        await WriteXmlAsync(response, body, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Reads what is left of a request body before answering with an error. A client that sent
    /// <c>Expect: 100-continue</c> may send its body anyway, and unread bytes would be taken for the next request on the
    /// connection; a large remainder closes the connection instead.</summary>
    private static async Task DrainAsync(HttpContext context)
    {
        const long limit = 16 * 1024 * 1024;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var buffer = new byte[16384];
            long total = 0;
            int n;
            while ((n = await context.Request.Body.ReadAsync(buffer, timeout.Token).ConfigureAwait(false)) > 0)
                if ((total += n) > limit)
                {
                    context.Response.Headers.Connection = "close";
                    return;
                }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or BadHttpRequestException or InvalidOperationException)
        {
            context.Response.Headers.Connection = "close";
        }
    }

    private static async Task WriteXmlAsync(HttpResponse response, byte[] body, CancellationToken cancellationToken)
    {
        response.ContentType = "application/xml";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The request body as sent, read whole (XML bodies: DeleteObjects, CompleteMultipartUpload); at most 16 MiB.</summary>
    private static async Task<byte[]> ReadSmallBodyAsync(S3Request request)
    {
        await using var body = OpenBody(request, out _);
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int n;
        while ((n = await body.ReadAsync(chunk, request.Aborted).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, n);
            if (buffer.Length > 16 * 1024 * 1024) throw S3Errors.MalformedXml();
        }
        return buffer.ToArray();
    }

    /// <summary>The request body decoded (aws-chunked framing removed) and verified at its end (decoded length, checksum).</summary>
    private static Stream OpenBody(S3Request request, out VerifyingStream verifying)
    {
        var http = request.Http;
        var sha = request.Header("x-amz-content-sha256") ?? "";
        var encoding = request.Header("Content-Encoding") ?? "";
        var chunked = sha.StartsWith("STREAMING-", StringComparison.OrdinalIgnoreCase)
                      || encoding.Split(',').Any(e => e.Trim().Equals("aws-chunked", StringComparison.OrdinalIgnoreCase));
        var decoder = chunked ? new AwsChunkedStream(http.Body) : null;
        long? decodedLength = null;
        if (chunked && request.Header("x-amz-decoded-content-length") is { } declared)
            decodedLength = long.TryParse(declared, out var length) && length >= 0 ? length : throw S3Errors.InvalidArgument("Invalid x-amz-decoded-content-length", "x-amz-decoded-content-length", declared);

        Checksum? checksum = null;
        Func<string?> expected = () => null;
        foreach (var name in Checksum.Names)
        {
            if (request.Header("x-amz-checksum-" + name) is { } value)
            {
                checksum = Checksum.Create(name);
                expected = () => value;
                break;
            }
        }
        if (checksum is null && request.Header("x-amz-trailer") is { } trailer && trailer.Trim().ToLowerInvariant() is var header
            && header.StartsWith("x-amz-checksum-", StringComparison.Ordinal))
        {
            checksum = Checksum.Create(header["x-amz-checksum-".Length..])
                       ?? throw S3Errors.InvalidArgument("The value specified in the x-amz-trailer header is not supported", "x-amz-trailer", trailer);
            expected = () => decoder?.Trailers.GetValueOrDefault(header);
        }
        verifying = new VerifyingStream(decoder ?? http.Body, decodedLength, checksum, expected);
        return verifying;
    }
}
