namespace Stepwise.Aws.Signing;

/// <summary>What a request is signed for: the credential scope's region and service, and the service's canonicalization quirks.</summary>
/// <param name="Region">The scope's region (<c>us-east-1</c> for IAM).</param>
/// <param name="Service">The model's signing name (<c>states</c>, <c>sagemaker</c>, <c>iam</c>).</param>
/// <param name="NormalizePath">Remove <c>.</c>/<c>..</c> and empty segments and encode the path again, as every service but S3 expects.</param>
/// <param name="SignContentSha256">Send and sign <c>X-Amz-Content-Sha256</c> (S3 requires it; other services ignore it).</param>
public sealed record SigningScope(string Region, string Service, bool NormalizePath = true, bool SignContentSha256 = false);
