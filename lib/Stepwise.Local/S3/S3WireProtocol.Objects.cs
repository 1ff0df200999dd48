using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Stepwise.Local.S3;

public sealed partial class S3WireProtocol
{
    /// <summary>The standard headers S3 stores with an object and returns on GET/HEAD.</summary>
    private static readonly string[] StoredHeaders = ["Cache-Control", "Content-Disposition", "Content-Encoding", "Content-Language", "Expires"];

    /// <summary>GetObject's <c>response-*</c> query parameters and the headers they override.</summary>
    private static readonly (string Parameter, string Header)[] Overrides =
    [
        ("response-content-type", "Content-Type"), ("response-content-language", "Content-Language"), ("response-expires", "Expires"),
        ("response-cache-control", "Cache-Control"), ("response-content-disposition", "Content-Disposition"), ("response-content-encoding", "Content-Encoding"),
    ];

    private async Task PutObjectAsync(S3Request request)
    {
        await using var body = OpenBody(request, out var verifying);
        var info = await _s3.PutObjectAsync(request.Bucket!, request.Key!, body, OptionsFrom(request, withMd5: true), request.Aborted).ConfigureAwait(false);
        request.Response.Headers.ETag = info.ETag;
        EchoChecksum(request, verifying);
        request.Response.ContentLength = 0;
    }

    private async Task GetObjectAsync(S3Request request, bool withBody)
    {
        int? partNumber = null;
        if (request.Get("partNumber") is { } partText)
            partNumber = int.TryParse(partText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 10000 ? n : throw S3Errors.InvalidPartNumber(partText);
        var range = withBody ? ByteRange.ParseHeader(request.Header("Range")) : null;
        await using var content = await _s3.GetObjectAsync(request.Bucket!, request.Key!, range, request.Aborted).ConfigureAwait(false);
        var info = content.Info;
        // Part boundaries are not kept: part 1 of a single-PUT object is the object; other parts are not served.
        if (partNumber is > 1 && info.PartsCount is null) throw S3Errors.InvalidPartNumberRange(partNumber.Value);
        if (partNumber is not null && info.PartsCount is not null) throw S3Errors.NotImplemented("partNumber");
        var response = request.Response;
        if (NotModified(request, info) is { } status)
        {
            if (status == StatusCodes.Status412PreconditionFailed) throw S3Errors.PreconditionFailed("If-Match");
            response.StatusCode = status;
            response.Headers.ETag = info.ETag;
            response.Headers.LastModified = S3Xml.HttpDate(info.LastModified);
            return;
        }
        response.Headers.ETag = info.ETag;
        response.Headers.LastModified = S3Xml.HttpDate(info.LastModified);
        response.Headers.AcceptRanges = "bytes";
        response.ContentType = info.ContentType;
        foreach (var name in StoredHeaders)
            if (info.Headers.TryGetValue(name, out var value)) response.Headers[name] = value;
        foreach (var (name, value) in info.Metadata) response.Headers["x-amz-meta-" + name] = value;
        if (info.PartsCount is { } parts && request.Has("partNumber")) response.Headers["x-amz-mp-parts-count"] = parts.ToString(CultureInfo.InvariantCulture);
        if (withBody)
            foreach (var (parameter, header) in Overrides)
                if (request.Get(parameter) is { } value) response.Headers[header] = value;
        if (content.Range is { } satisfied)
        {
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = $"bytes {satisfied.First}-{satisfied.Last}/{info.Size}";
        }
        response.ContentLength = content.Length;
        if (withBody) await content.Content.CopyToAsync(response.Body, request.Aborted).ConfigureAwait(false);
    }

    /// <summary>304 for If-None-Match matching, 412 for If-Match not matching, else null.</summary>
    private static int? NotModified(S3Request request, S3ObjectInfo info)
    {
        static bool Matches(string header, string eTag) =>
            header.Split(',').Any(t => t.Trim() == "*" || t.Trim().Trim('"') == eTag.Trim('"'));
        if (request.Header("If-Match") is { } match && !Matches(match, info.ETag)) return StatusCodes.Status412PreconditionFailed;
        if (request.Header("If-None-Match") is { } noneMatch && Matches(noneMatch, info.ETag)) return StatusCodes.Status304NotModified;
        return null;
    }

    private async Task DeleteObjectAsync(S3Request request)
    {
        await _s3.DeleteObjectAsync(request.Bucket!, request.Key!, request.Aborted).ConfigureAwait(false);
        request.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private async Task CopyObjectAsync(S3Request request)
    {
        var source = request.Header("x-amz-copy-source")!;
        var (sourceBucket, sourceKey) = ParseCopySource(source);
        var directive = request.Header("x-amz-metadata-directive") ?? "COPY";
        var replace = directive.ToUpperInvariant() switch
        {
            "COPY" => null,
            "REPLACE" => OptionsFrom(request, withMd5: false),
            _ => throw S3Errors.InvalidArgument("Unknown metadata directive.", "x-amz-metadata-directive", directive),
        };
        var info = await _s3.CopyObjectAsync(sourceBucket, sourceKey, request.Bucket!, request.Key!, replace, request.Aborted).ConfigureAwait(false);
        var body = S3Xml.Document("CopyObjectResult", xml =>
        {
            xml.WriteElementString("LastModified", S3Xml.Timestamp(info.LastModified));
            xml.WriteElementString("ETag", info.ETag);
        });
        await WriteXmlAsync(request.Response, body, request.Aborted).ConfigureAwait(false);
    }

    /// <summary><c>x-amz-copy-source</c>: <c>[/]bucket/key[?versionId=…]</c>, URL-encoded.</summary>
    private static (string Bucket, string Key) ParseCopySource(string source)
    {
        var text = source.StartsWith('/') ? source[1..] : source;
        var query = text.IndexOf('?');
        if (query >= 0) text = text[..query];
        // Clients encode the whole value, the separating slash included (AWSSDK sends bucket%2Fkey).
        text = S3Xml.PercentDecode(text);
        var slash = text.IndexOf('/');
        if (slash <= 0 || slash == text.Length - 1) throw S3Errors.InvalidCopySource(source);
        var bucket = text[..slash];
        var key = text[(slash + 1)..];
        S3Names.ValidateBucket(bucket);
        return (bucket, key);
    }

    private async Task CreateMultipartUploadAsync(S3Request request)
    {
        var uploadId = await _s3.CreateMultipartUploadAsync(request.Bucket!, request.Key!, OptionsFrom(request, withMd5: false), request.Aborted).ConfigureAwait(false);
        if (request.Header("x-amz-checksum-algorithm") is { } algorithm) request.Response.Headers["x-amz-checksum-algorithm"] = algorithm;
        var body = S3Xml.Document("InitiateMultipartUploadResult", xml =>
        {
            xml.WriteElementString("Bucket", request.Bucket);
            xml.WriteElementString("Key", request.Key);
            xml.WriteElementString("UploadId", uploadId);
        });
        await WriteXmlAsync(request.Response, body, request.Aborted).ConfigureAwait(false);
    }

    private async Task UploadPartAsync(S3Request request)
    {
        if (request.Header("x-amz-copy-source") is not null) throw S3Errors.NotImplemented("UploadPartCopy");
        var uploadId = request.Get("uploadId") ?? throw S3Errors.InvalidArgument("This operation requires an upload id.", "uploadId", null);
        var numberText = request.Get("partNumber");
        if (!int.TryParse(numberText, NumberStyles.None, CultureInfo.InvariantCulture, out var partNumber) || partNumber is < 1 or > 10000)
            throw S3Errors.InvalidPartNumber(numberText);
        await using var body = OpenBody(request, out var verifying);
        var eTag = await _s3.UploadPartAsync(request.Bucket!, request.Key!, uploadId, partNumber, body, request.Header("Content-MD5"), request.Aborted).ConfigureAwait(false);
        request.Response.Headers.ETag = eTag;
        EchoChecksum(request, verifying);
        request.Response.ContentLength = 0;
    }

    private async Task CompleteMultipartUploadAsync(S3Request request)
    {
        var uploadId = request.Get("uploadId")!;
        var root = S3Xml.Parse(await ReadSmallBodyAsync(request).ConfigureAwait(false), "CompleteMultipartUpload");
        var parts = S3Xml.Children(root, "Part").Select(p =>
            int.TryParse(S3Xml.ChildValue(p, "PartNumber")?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            && S3Xml.ChildValue(p, "ETag") is { } eTag
                ? new CompletedPart(number, eTag)
                : throw S3Errors.MalformedXml()).ToList();
        var info = await _s3.CompleteMultipartUploadAsync(request.Bucket!, request.Key!, uploadId, parts, request.Aborted).ConfigureAwait(false);
        var location = $"{request.Http.Scheme}://{request.Http.Host}/{request.Bucket}/{S3Xml.UrlEncode(request.Key!)}";
        var body = S3Xml.Document("CompleteMultipartUploadResult", xml =>
        {
            xml.WriteElementString("Location", location);
            xml.WriteElementString("Bucket", request.Bucket);
            xml.WriteElementString("Key", request.Key);
            xml.WriteElementString("ETag", info.ETag);
        });
        await WriteXmlAsync(request.Response, body, request.Aborted).ConfigureAwait(false);
    }

    /// <summary>ListParts: all parts in one page (an upload has at most 10000), after <c>part-number-marker</c>.</summary>
    private async Task ListPartsAsync(S3Request request)
    {
        var uploadId = request.Get("uploadId")!;
        var markerText = request.Get("part-number-marker");
        var marker = 0;
        if (markerText is not null && !int.TryParse(markerText, NumberStyles.None, CultureInfo.InvariantCulture, out marker))
            throw S3Errors.InvalidArgument("Provided part-number-marker not an integer or within integer range", "part-number-marker", markerText);
        var maxText = request.Get("max-parts");
        var max = 1000;
        if (maxText is not null && !int.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out max))
            throw S3Errors.InvalidArgument("Provided max-parts not an integer or within integer range", "max-parts", maxText);
        var all = (await _s3.ListPartsAsync(request.Bucket!, request.Key!, uploadId, request.Aborted).ConfigureAwait(false)).Where(p => p.PartNumber > marker).ToList();
        var page = all.Take(Math.Min(max, 1000)).ToList();
        var truncated = page.Count < all.Count;
        var body = S3Xml.Document("ListPartsResult", xml =>
        {
            xml.WriteElementString("Bucket", request.Bucket);
            xml.WriteElementString("Key", request.Key);
            xml.WriteElementString("UploadId", uploadId);
            xml.WriteElementString("PartNumberMarker", marker.ToString(CultureInfo.InvariantCulture));
            if (truncated) xml.WriteElementString("NextPartNumberMarker", page[^1].PartNumber.ToString(CultureInfo.InvariantCulture));
            xml.WriteElementString("MaxParts", max.ToString(CultureInfo.InvariantCulture));
            xml.WriteElementString("IsTruncated", truncated ? "true" : "false");
            xml.WriteElementString("StorageClass", "STANDARD");
            foreach (var part in page)
            {
                xml.WriteStartElement("Part");
                xml.WriteElementString("PartNumber", part.PartNumber.ToString(CultureInfo.InvariantCulture));
                xml.WriteElementString("LastModified", S3Xml.Timestamp(part.LastModified));
                xml.WriteElementString("ETag", part.ETag);
                xml.WriteElementString("Size", part.Size.ToString(CultureInfo.InvariantCulture));
                xml.WriteEndElement();
            }
        });
        await WriteXmlAsync(request.Response, body, request.Aborted).ConfigureAwait(false);
    }

    private async Task AbortMultipartUploadAsync(S3Request request)
    {
        await _s3.AbortMultipartUploadAsync(request.Bucket!, request.Key!, request.Get("uploadId")!, request.Aborted).ConfigureAwait(false);
        request.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static PutObjectOptions OptionsFrom(S3Request request, bool withMd5)
    {
        var headers = new Dictionary<string, string>();
        foreach (var name in StoredHeaders)
            if (request.Header(name) is { } value)
            {
                if (name == "Content-Encoding")
                {
                    // aws-chunked is the transfer framing, not the object's encoding.
                    value = string.Join(",", value.Split(',').Select(v => v.Trim()).Where(v => v.Length > 0 && !v.Equals("aws-chunked", StringComparison.OrdinalIgnoreCase)));
                    if (value.Length == 0) continue;
                }
                headers[name] = value;
            }
        var metadata = new Dictionary<string, string>();
        foreach (var (name, value) in request.Http.Headers)
            if (name.StartsWith("x-amz-meta-", StringComparison.OrdinalIgnoreCase) && name.Length > "x-amz-meta-".Length)
                metadata[name["x-amz-meta-".Length..].ToLowerInvariant()] = value.ToString();
        return new PutObjectOptions
        {
            ContentType = request.Header("Content-Type"),
            Headers = headers,
            Metadata = metadata,
            ContentMd5 = withMd5 ? request.Header("Content-MD5") : null,
        };
    }

    private static void EchoChecksum(S3Request request, VerifyingStream verifying)
    {
        if (verifying.ChecksumHeader is { } header && verifying.ComputedChecksum is { } value) request.Response.Headers[header] = value;
    }
}
