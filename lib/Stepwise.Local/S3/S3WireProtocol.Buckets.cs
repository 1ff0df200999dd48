using System.Globalization;
using System.Xml;
using Microsoft.AspNetCore.Http;

namespace Stepwise.Local.S3;

public sealed partial class S3WireProtocol
{
    private const string Owner = "stepwise-local";

    private async Task ListBucketsAsync(S3Request request)
    {
        var buckets = await _s3.ListBucketsAsync(request.Aborted).ConfigureAwait(false);
        var body = S3Xml.Document("ListAllMyBucketsResult", xml =>
        {
            xml.WriteStartElement("Owner");
            xml.WriteElementString("ID", Owner);
            xml.WriteElementString("DisplayName", Owner);
            xml.WriteEndElement();
            xml.WriteStartElement("Buckets");
            foreach (var bucket in buckets)
            {
                xml.WriteStartElement("Bucket");
                xml.WriteElementString("Name", bucket.Name);
                xml.WriteElementString("CreationDate", S3Xml.Timestamp(bucket.CreationDate));
                xml.WriteElementString("BucketRegion", _region);
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        });
        if (request.Method == "HEAD") request.Response.ContentLength = body.Length;
        else await WriteXmlAsync(request.Response, body, request.Aborted).ConfigureAwait(false);
    }

    private async Task CreateBucketAsync(S3Request request)
    {
        // The body, when any, is a CreateBucketConfiguration (LocationConstraint); it must be XML, and is otherwise ignored.
        var body = await ReadSmallBodyAsync(request).ConfigureAwait(false);
        if (body.Length > 0) S3Xml.Parse(body, "CreateBucketConfiguration");
        await _s3.CreateBucketAsync(request.Bucket!, request.Aborted).ConfigureAwait(false);
        request.Response.Headers.Location = "/" + request.Bucket;
        request.Response.ContentLength = 0;
    }

    private async Task HeadBucketAsync(S3Request request)
    {
        await _s3.HeadBucketAsync(request.Bucket!, request.Aborted).ConfigureAwait(false);
        request.Response.Headers["x-amz-bucket-region"] = _region;
        request.Response.ContentLength = 0;
    }

    private async Task DeleteBucketAsync(S3Request request)
    {
        await _s3.DeleteBucketAsync(request.Bucket!, request.Aborted).ConfigureAwait(false);
        request.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private async Task GetBucketLocationAsync(S3Request request)
    {
        await _s3.HeadBucketAsync(request.Bucket!, request.Aborted).ConfigureAwait(false);
        // us-east-1 is the empty constraint, as on S3.
        var body = S3Xml.Document("LocationConstraint", xml =>
        {
            if (_region != "us-east-1") xml.WriteString(_region);
        });
        await WriteXmlAsync(request.Response, body, request.Aborted).ConfigureAwait(false);
    }

    private async Task GetBucketVersioningAsync(S3Request request)
    {
        await _s3.HeadBucketAsync(request.Bucket!, request.Aborted).ConfigureAwait(false);
        // Local buckets are never versioned: S3 answers an empty configuration for those.
        await WriteXmlAsync(request.Response, S3Xml.Document("VersioningConfiguration", _ => { }), request.Aborted).ConfigureAwait(false);
    }

    private static int MaxKeys(S3Request request)
    {
        var text = request.Get("max-keys");
        if (text is null) return LocalS3.MaxKeysLimit;
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : throw S3Errors.InvalidMaxKeys(text);
    }

    private static Func<string, string> Encoder(S3Request request) => request.Get("encoding-type") switch
    {
        null => s => s,
        "url" => S3Xml.UrlEncode,
        var other => throw S3Errors.InvalidArgument("Invalid Encoding Method specified in Request", "encoding-type", other),
    };

    private async Task ListObjectsV2Async(S3Request request)
    {
        var encode = Encoder(request);
        var listing = new ListObjectsV2Request
        {
            Bucket = request.Bucket!,
            Prefix = request.Get("prefix") ?? "",
            Delimiter = request.Get("delimiter"),
            MaxKeys = MaxKeys(request),
            ContinuationToken = request.Get("continuation-token"),
            StartAfter = request.Get("start-after"),
        };
        var page = await _s3.ListObjectsV2Async(listing, request.Aborted).ConfigureAwait(false);
        var owner = request.Get("fetch-owner") == "true";
        var body = S3Xml.Document("ListBucketResult", xml =>
        {
            xml.WriteElementString("Name", request.Bucket);
            xml.WriteElementString("Prefix", encode(listing.Prefix));
            if (listing.ContinuationToken is { } token) xml.WriteElementString("ContinuationToken", token);
            if (page.NextContinuationToken is { } next) xml.WriteElementString("NextContinuationToken", next);
            if (listing.StartAfter is { } startAfter) xml.WriteElementString("StartAfter", encode(startAfter));
            xml.WriteElementString("KeyCount", page.KeyCount.ToString(CultureInfo.InvariantCulture));
            xml.WriteElementString("MaxKeys", listing.MaxKeys.ToString(CultureInfo.InvariantCulture));
            if (listing.Delimiter is { Length: > 0 } delimiter) xml.WriteElementString("Delimiter", encode(delimiter));
            if (request.Get("encoding-type") is { } encoding) xml.WriteElementString("EncodingType", encoding);
            xml.WriteElementString("IsTruncated", page.IsTruncated ? "true" : "false");
            WriteEntries(xml, page, encode, owner);
        });
        await WriteXmlAsync(request.Response, body, request.Aborted).ConfigureAwait(false);
    }

    /// <summary>ListObjects (version 1): the marker is where the page starts; NextMarker is given when a delimiter is.</summary>
    private async Task ListObjectsAsync(S3Request request)
    {
        var encode = Encoder(request);
        var marker = request.Get("marker") ?? "";
        var listing = new ListObjectsV2Request
        {
            Bucket = request.Bucket!,
            Prefix = request.Get("prefix") ?? "",
            Delimiter = request.Get("delimiter"),
            MaxKeys = MaxKeys(request),
            StartAfter = marker,
        };
        var page = await _s3.ListObjectsV2Async(listing, request.Aborted).ConfigureAwait(false);
        var body = S3Xml.Document("ListBucketResult", xml =>
        {
            xml.WriteElementString("Name", request.Bucket);
            xml.WriteElementString("Prefix", encode(listing.Prefix));
            xml.WriteElementString("Marker", encode(marker));
            if (page.IsTruncated && listing.Delimiter is { Length: > 0 })
            {
                var last = new[] { page.Contents.LastOrDefault()?.Key, page.CommonPrefixes.LastOrDefault() }
                    .Where(k => k is not null).Max(StringComparer.Ordinal);
                xml.WriteElementString("NextMarker", encode(last!));
            }
            xml.WriteElementString("MaxKeys", listing.MaxKeys.ToString(CultureInfo.InvariantCulture));
            if (listing.Delimiter is { Length: > 0 } delimiter) xml.WriteElementString("Delimiter", encode(delimiter));
            if (request.Get("encoding-type") is { } encoding) xml.WriteElementString("EncodingType", encoding);
            xml.WriteElementString("IsTruncated", page.IsTruncated ? "true" : "false");
            WriteEntries(xml, page, encode, owner: true);
        });
        await WriteXmlAsync(request.Response, body, request.Aborted).ConfigureAwait(false);
    }

    private static void WriteEntries(XmlWriter xml, ListObjectsV2Result page, Func<string, string> encode, bool owner)
    {
        foreach (var entry in page.Contents)
        {
            xml.WriteStartElement("Contents");
            xml.WriteElementString("Key", encode(entry.Key));
            xml.WriteElementString("LastModified", S3Xml.Timestamp(entry.LastModified));
            xml.WriteElementString("ETag", entry.ETag);
            xml.WriteElementString("Size", entry.Size.ToString(CultureInfo.InvariantCulture));
            if (owner)
            {
                xml.WriteStartElement("Owner");
                xml.WriteElementString("ID", Owner);
                xml.WriteElementString("DisplayName", Owner);
                xml.WriteEndElement();
            }
            xml.WriteElementString("StorageClass", entry.StorageClass);
            xml.WriteEndElement();
        }
        foreach (var prefix in page.CommonPrefixes)
        {
            xml.WriteStartElement("CommonPrefixes");
            xml.WriteElementString("Prefix", encode(prefix));
            xml.WriteEndElement();
        }
    }

    private async Task DeleteObjectsAsync(S3Request request)
    {
        var root = S3Xml.Parse(await ReadSmallBodyAsync(request).ConfigureAwait(false), "Delete");
        var quiet = S3Xml.ChildValue(root, "Quiet")?.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) == true;
        var keys = S3Xml.Children(root, "Object").Select(o => S3Xml.ChildValue(o, "Key") ?? throw S3Errors.MalformedXml()).ToList();
        var result = await _s3.DeleteObjectsAsync(request.Bucket!, keys, request.Aborted).ConfigureAwait(false);
        var body = S3Xml.Document("DeleteResult", xml =>
        {
            if (!quiet)
                foreach (var key in result.Deleted)
                {
                    xml.WriteStartElement("Deleted");
                    xml.WriteElementString("Key", key);
                    xml.WriteEndElement();
                }
            foreach (var error in result.Errors)
            {
                xml.WriteStartElement("Error");
                xml.WriteElementString("Key", error.Key);
                xml.WriteElementString("Code", error.Code);
                xml.WriteElementString("Message", error.Message);
                xml.WriteEndElement();
            }
        });
        await WriteXmlAsync(request.Response, body, request.Aborted).ConfigureAwait(false);
    }
}
