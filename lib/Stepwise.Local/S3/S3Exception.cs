using Stepwise.Aws.Protocol;

namespace Stepwise.Local.S3;

/// <summary>An S3 error: <see cref="AwsServiceException.ErrorCode"/> is S3's <c>&lt;Code&gt;</c> (<c>NoSuchKey</c>,
/// <c>NoSuchBucket</c>…), the message is S3's wording, and <see cref="Details"/> holds the extra elements S3 puts in its
/// <c>&lt;Error&gt;</c> document (<c>BucketName</c>, <c>Key</c>, <c>UploadId</c>…). Built by <see cref="S3Errors"/>.</summary>
public sealed class S3Exception(string errorCode, string message, int statusCode, IReadOnlyList<KeyValuePair<string, string>>? details = null)
    : AwsServiceException(errorCode, message, statusCode)
{
    private readonly IReadOnlyList<KeyValuePair<string, string>> _details = details ?? [];

    /// <summary>Extra <c>&lt;Error&gt;</c> elements, in the order S3 writes them.</summary>
    public override IEnumerable<KeyValuePair<string, string>> Details => _details;

    /// <summary>The value of a detail element, or null.</summary>
    public string? Detail(string name) => _details.FirstOrDefault(d => d.Key == name).Value;
}
