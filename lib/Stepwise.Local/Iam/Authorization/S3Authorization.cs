using Stepwise.Local.Hosting;

namespace Stepwise.Local.Iam.Authorization;

/// <summary>An S3 request as IAM sees it: the operation's bucket, key and (CopyObject) source.</summary>
public sealed record S3Request(string? Bucket, string? Key = null, string? CopySource = null);

/// <summary>S3's actions ("Required permissions for Amazon S3 API operations" and the Service Authorization Reference,
/// "Actions defined by Amazon S3"): buckets as <c>arn:aws:s3:::{bucket}</c>, objects as <c>arn:aws:s3:::{bucket}/{key}</c>;
/// ListObjects(V2) and HeadBucket are <c>s3:ListBucket</c>, HeadObject is <c>s3:GetObject</c>, the multipart calls
/// are <c>s3:PutObject</c> (ListParts <c>s3:ListMultipartUploadParts</c>), CopyObject needs <c>s3:GetObject</c> on the
/// source and <c>s3:PutObject</c> on the target, ListBuckets is <c>s3:ListAllMyBuckets</c>. A denial is
/// <c>AccessDenied</c>, HTTP 403, with the resource in quotes (Amazon S3 User Guide, "Troubleshoot access denied
/// (403 Forbidden) errors": <c>User: {arn} is not authorized to perform: {action} on resource: "{arn}" because …</c>).</summary>
public static class S3Authorization
{
    /// <summary>The bucket's ARN.</summary>
    public static string BucketArn(string bucket) => $"arn:aws:s3:::{bucket}";

    /// <summary>The object's ARN.</summary>
    public static string ObjectArn(string bucket, string key) => $"arn:aws:s3:::{bucket}/{key}";

    private static string Bucket(S3Request r) => BucketArn(r.Bucket ?? "*");

    private static string Object(S3Request r) => ObjectArn(r.Bucket ?? "*", r.Key ?? "*");

    /// <summary>The table, by the operation names <see cref="S3Endpoint"/> gives requests.</summary>
    public static ServiceAuthorization Table { get; } = ServiceAuthorization.For(KnownServices.S3, "s3", "AccessDenied", 403)
        .QuotingResources()
        .Add<S3Request>("ListBuckets", (_, _) => [new("s3:ListAllMyBuckets", "*")])
        .Add<S3Request>("CreateBucket", (r, _) => Bucket(r))
        .Add<S3Request>("DeleteBucket", (r, _) => Bucket(r))
        .Add<S3Request>("HeadBucket", (r, _) => [new("s3:ListBucket", Bucket(r))])
        .Add<S3Request>("ListObjects", (r, _) => [new("s3:ListBucket", Bucket(r))])
        .Add<S3Request>("ListObjectsV2", (r, _) => [new("s3:ListBucket", Bucket(r))])
        .Add<S3Request>("GetBucketLocation", (r, _) => Bucket(r))
        .Add<S3Request>("GetObject", (r, _) => Object(r))
        .Add<S3Request>("HeadObject", (r, _) => [new("s3:GetObject", Object(r))])
        .Add<S3Request>("PutObject", (r, _) => Object(r))
        .Add<S3Request>("CopyObject", (r, _) => r.CopySource is { } source
            ? [new("s3:GetObject", $"arn:aws:s3:::{Uri.UnescapeDataString(source.Split('?')[0].TrimStart('/'))}"), new("s3:PutObject", Object(r))]
            : [new("s3:PutObject", Object(r))])
        .Add<S3Request>("DeleteObject", (r, _) => Object(r))
        .Add<S3Request>("DeleteObjects", (r, _) => [new("s3:DeleteObject", Object(r))])
        .Add<S3Request>("CreateMultipartUpload", (r, _) => [new("s3:PutObject", Object(r))])
        .Add<S3Request>("UploadPart", (r, _) => [new("s3:PutObject", Object(r))])
        .Add<S3Request>("CompleteMultipartUpload", (r, _) => [new("s3:PutObject", Object(r))])
        .Add<S3Request>("AbortMultipartUpload", (r, _) => Object(r))
        .Add<S3Request>("ListParts", (r, _) => [new("s3:ListMultipartUploadParts", Object(r))])
        .Build();
}
