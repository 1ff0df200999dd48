namespace Stepwise.Local.S3;

/// <summary>S3's error codes, statuses and messages: the one home of S3's wording.</summary>
public static class S3Errors
{
    public static S3Exception NoSuchBucket(string bucket) =>
        new("NoSuchBucket", "The specified bucket does not exist", 404, [new("BucketName", bucket)]);

    public static S3Exception NoSuchKey(string bucket, string key) =>
        new("NoSuchKey", "The specified key does not exist.", 404, [new("Key", key), new("BucketName", bucket)]);

    public static S3Exception BucketAlreadyOwnedByYou(string bucket) =>
        new("BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.", 409, [new("BucketName", bucket)]);

    public static S3Exception BucketNotEmpty(string bucket) =>
        new("BucketNotEmpty", "The bucket you tried to delete is not empty", 409, [new("BucketName", bucket)]);

    public static S3Exception InvalidBucketName(string bucket) =>
        new("InvalidBucketName", "The specified bucket is not valid.", 400, [new("BucketName", bucket)]);

    public static S3Exception InvalidArgument(string message, string name, string? value) =>
        new("InvalidArgument", message, 400, [new("ArgumentName", name), new("ArgumentValue", value ?? "")]);

    public static S3Exception KeyTooLong(string key) =>
        new("KeyTooLongError", "Your key is too long", 400, [new("Size", System.Text.Encoding.UTF8.GetByteCount(key).ToString(System.Globalization.CultureInfo.InvariantCulture)), new("MaxSizeAllowed", "1024")]);

    public static S3Exception InvalidKey(string key) =>
        InvalidArgument("The key must be at least one character and valid UTF-8.", "key", key);

    public static S3Exception NoSuchUpload(string uploadId) =>
        new("NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.", 404, [new("UploadId", uploadId)]);

    public static S3Exception InvalidPart(string partNumber, string eTag) =>
        new("InvalidPart", "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.", 400,
            [new("PartNumber", partNumber), new("ETag", eTag)]);

    public static S3Exception InvalidPartOrder() =>
        new("InvalidPartOrder", "The list of parts was not in ascending order. Parts must be ordered by part number.", 400);

    public static S3Exception EntityTooSmall(long size) =>
        new("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size", 400,
            [new("ProposedSize", size.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("MinSizeAllowed", "5242880")]);

    public static S3Exception InvalidPartNumber(string? value) =>
        InvalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", value);

    public static S3Exception InvalidPartNumberRange(int partNumber) =>
        new("InvalidPartNumber", "The requested partnumber is not satisfiable", 416, [new("PartNumberRequested", partNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("ActualPartCount", "1")]);

    public static S3Exception InvalidRange(string range, long size) =>
        new("InvalidRange", "The requested range is not satisfiable", 416,
            [new("RangeRequested", range), new("ActualObjectSize", size.ToString(System.Globalization.CultureInfo.InvariantCulture))]);

    public static S3Exception MalformedXml() =>
        new("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema", 400);

    public static S3Exception MethodNotAllowed(string method, string resourceType) =>
        new("MethodNotAllowed", "The specified method is not allowed against this resource.", 405, [new("Method", method), new("ResourceType", resourceType)]);

    public static S3Exception InvalidUri(string uri) =>
        new("InvalidURI", "Couldn't parse the specified URI.", 400, [new("URI", uri)]);

    public static S3Exception InvalidCopySource(string value) =>
        InvalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey", "x-amz-copy-source", value);

    public static S3Exception InvalidCopyRequest() =>
        new("InvalidRequest", "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.", 400);

    public static S3Exception InvalidContinuationToken(string token) =>
        InvalidArgument("The continuation token provided is incorrect", "continuation-token", token);

    public static S3Exception InvalidMaxKeys(string value) =>
        InvalidArgument("Provided max-keys not an integer or within integer range", "max-keys", value);

    public static S3Exception BadDigest(string algorithm) =>
        new("BadDigest", algorithm == "MD5"
            ? "The Content-MD5 you specified did not match what we received."
            : $"The {algorithm} you specified did not match the calculated checksum.", 400);

    public static S3Exception InvalidDigest(string value) =>
        new("InvalidDigest", "The Content-MD5 you specified was invalid.", 400, [new("Content-MD5", value)]);

    public static S3Exception IncompleteBody() =>
        new("IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header", 400);

    public static S3Exception InvalidChunkedEncoding() =>
        new("InvalidRequest", "Invalid chunked upload: the aws-chunked body is malformed.", 400);

    public static S3Exception MissingContentLength() =>
        new("MissingContentLength", "You must provide the Content-Length HTTP header.", 411);

    public static S3Exception NotImplemented(string what) =>
        new("NotImplemented", "A header or query you provided implies functionality that is not implemented.", 501, [new("Header", what)]);

    public static S3Exception UserKeyMustBeSpecified() =>
        new("UserKeyMustBeSpecified", "The bucket POST must contain the specified field name. If it is specified, check the order of the fields.", 400);

    public static S3Exception PreconditionFailed(string condition) =>
        new("PreconditionFailed", "At least one of the pre-conditions you specified did not hold", 412, [new("Condition", condition)]);
}
