using Stepwise.Local.Iam.Authorization;

namespace Stepwise.Local.SageMaker;

/// <summary>The permissions SageMaker's own calls with an execution role need, asked of an <see cref="ISageMakerRoleAuthorizer"/>:
/// S3 reads of channels and model data, S3 writes of artifacts, ECR image pulls, CloudWatch Logs. Without an authorizer
/// everything is allowed.</summary>
internal sealed class ExecutionRoleChecks(ISageMakerRoleAuthorizer? authorizer, string region, string account)
{
    /// <summary>The ECR actions an image pull needs on its repository (GetAuthorizationToken is on <c>*</c>).</summary>
    public static readonly string[] PullActions = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];

    /// <summary>Whether anything is checked.</summary>
    public bool Enforced => authorizer is not null;

    /// <summary>Whether SageMaker can assume <paramref name="roleArn"/> for <paramref name="sourceArn"/>.</summary>
    public bool CanAssume(string? roleArn, string sourceArn) => authorizer is null || roleArn is not null && authorizer.CanAssume(roleArn, sourceArn);

    /// <summary>Whether the role may <paramref name="action"/> on <paramref name="resource"/>.</summary>
    public bool Allows(string? roleArn, string action, string resource) => authorizer is null || roleArn is not null && authorizer.Decide(roleArn, action, resource).IsAllowed;

    /// <summary>s3:GetObject on the object.</summary>
    public bool MayRead(string? roleArn, string bucket, string key) => Allows(roleArn, "s3:GetObject", S3Authorization.ObjectArn(bucket, key));

    /// <summary>s3:ListBucket on the bucket.</summary>
    public bool MayList(string? roleArn, string bucket) => Allows(roleArn, "s3:ListBucket", S3Authorization.BucketArn(bucket));

    /// <summary>s3:PutObject on the object.</summary>
    public bool MayWrite(string? roleArn, string bucket, string key) => Allows(roleArn, "s3:PutObject", S3Authorization.ObjectArn(bucket, key));

    /// <summary>An ECR image (<c>{account}.dkr.ecr.{region}.amazonaws.com/{repository}[:tag|@digest]</c>) may be pulled:
    /// ecr:GetAuthorizationToken on <c>*</c>, ecr:BatchGetImage and ecr:GetDownloadUrlForLayer on its repository. An
    /// image outside ECR needs nothing.</summary>
    public bool MayPull(string? roleArn, string imageUri)
    {
        if (!Enforced || EcrRepository(imageUri) is not { } repository)
            return true;
        return Allows(roleArn, "ecr:GetAuthorizationToken", "*") && PullActions.All(a => Allows(roleArn, a, repository));
    }

    /// <summary>logs:CreateLogGroup on the group, logs:CreateLogStream and logs:PutLogEvents on the stream.</summary>
    public bool MayLog(string? roleArn, string group, string stream)
    {
        var scope = new AuthorizationScope(region, account);
        return Allows(roleArn, "logs:CreateLogGroup", LogsAuthorization.GroupArn(scope, group))
               && Allows(roleArn, "logs:CreateLogStream", LogsAuthorization.StreamArn(scope, group, stream))
               && Allows(roleArn, "logs:PutLogEvents", LogsAuthorization.StreamArn(scope, group, stream));
    }

    /// <summary>The repository ARN of an ECR image URI, or null for an image elsewhere.</summary>
    public static string? EcrRepository(string imageUri)
    {
        var slash = imageUri.IndexOf('/');
        if (slash < 0)
            return null;
        var host = imageUri[..slash].Split('.');
        if (host is not [var registry, "dkr", "ecr", var imageRegion, ..])
            return null;
        var path = imageUri[(slash + 1)..];
        var end = path.IndexOfAny(['@', ':']);
        return $"arn:aws:ecr:{imageRegion}:{registry}:repository/{(end < 0 ? path : path[..end])}";
    }
}
