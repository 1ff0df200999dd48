using Stepwise.Aws.Ecr;

namespace Stepwise.Local.Iam.Authorization;

/// <summary>ECR's actions (Service Authorization Reference, "Actions defined by Amazon Elastic Container Registry"):
/// repositories by ARN (<c>arn:aws:ecr:{region}:{account}:repository/{name}</c>); GetAuthorizationToken on <c>*</c>.
/// A denial is <c>AccessDeniedException</c>, HTTP 400 (awsJson 1.1).</summary>
public static class EcrAuthorization
{
    /// <summary>The repository's ARN in the registry <paramref name="registryId"/> (the account's when null).</summary>
    public static string RepositoryArn(AuthorizationScope scope, string name, string? registryId = null) =>
        $"arn:aws:ecr:{scope.Region}:{registryId ?? scope.Account}:repository/{name}";

    /// <summary>The table.</summary>
    public static ServiceAuthorization Table { get; } = ServiceAuthorization.For(EcrOperations.Service, "ecr", "AccessDeniedException", 400)
        .Add<CreateRepositoryRequest>("CreateRepository", (i, s) => RepositoryArn(s, i.RepositoryName, i.RegistryId))
        .Add<DeleteRepositoryRequest>("DeleteRepository", (i, s) => RepositoryArn(s, i.RepositoryName, i.RegistryId))
        .Add<DescribeRepositoriesRequest>("DescribeRepositories", (i, s) => i.RepositoryNames is { Count: > 0 } names
            ? [.. names.Select(n => new RequiredAccess("ecr:DescribeRepositories", RepositoryArn(s, n, i.RegistryId)))]
            : [new RequiredAccess("ecr:DescribeRepositories", "*")])
        .Add<DescribeImagesRequest>("DescribeImages", (i, s) => RepositoryArn(s, i.RepositoryName, i.RegistryId))
        .Add<ListImagesRequest>("ListImages", (i, s) => RepositoryArn(s, i.RepositoryName, i.RegistryId))
        .Add<BatchGetImageRequest>("BatchGetImage", (i, s) => RepositoryArn(s, i.RepositoryName, i.RegistryId))
        .Add<BatchDeleteImageRequest>("BatchDeleteImage", (i, s) => RepositoryArn(s, i.RepositoryName, i.RegistryId))
        .Add<GetAuthorizationTokenRequest>("GetAuthorizationToken", (_, _) => "*")
        .Build();
}
