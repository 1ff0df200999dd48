namespace Stepwise.Aws.Protocol;

/// <summary>The wire protocols of the AWS services Stepwise uses (the model's <c>metadata.protocol</c>).</summary>
public enum AwsProtocol
{
    /// <summary><c>json</c> 1.0: POST /, <c>X-Amz-Target: Prefix.Operation</c>, JSON body (Step Functions).</summary>
    AwsJson1_0,

    /// <summary><c>json</c> 1.1: as 1.0 with <c>application/x-amz-json-1.1</c> (SageMaker, CodeBuild, ECR, Logs).</summary>
    AwsJson1_1,

    /// <summary><c>rest-json</c>: method and URI per operation, members in the path, query, headers or JSON body (Lambda, SageMaker Runtime).</summary>
    RestJson1,

    /// <summary><c>query</c>: form-encoded <c>Action=…&amp;Version=…</c>, XML responses (IAM, STS).</summary>
    Query,

    /// <summary><c>rest-xml</c>: S3.</summary>
    RestXml,
}
