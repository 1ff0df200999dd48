using Stepwise.Aws.CodeBuild;

namespace Stepwise.Local.Iam.Authorization;

/// <summary>CodeBuild's actions (Service Authorization Reference, "Actions defined by AWS CodeBuild"): projects by ARN
/// (<c>arn:aws:codebuild:{region}:{account}:project/{name}</c>), builds by their project's ARN; CreateProject, and an
/// UpdateProject or StartBuild that names a service role, need <c>iam:PassRole</c> to <c>codebuild.amazonaws.com</c>.
/// A denial is <c>AccessDeniedException</c>, HTTP 400 (awsJson 1.1).</summary>
public static class CodeBuildAuthorization
{
    private const string Service = "codebuild.amazonaws.com";

    /// <summary>The project's ARN from its name or ARN.</summary>
    public static string ProjectArn(AuthorizationScope scope, string project) =>
        project.StartsWith("arn:", StringComparison.Ordinal) ? project : scope.Arn("codebuild", $"project/{project}");

    /// <summary>The project of a build id (<c>project:uuid</c>) or build ARN.</summary>
    private static string BuildProjectArn(AuthorizationScope scope, string build)
    {
        var id = build.StartsWith("arn:", StringComparison.Ordinal) && build.IndexOf(":build/", StringComparison.Ordinal) is var at and > 0
            ? build[(at + ":build/".Length)..] : build;
        var colon = id.LastIndexOf(':');
        return ProjectArn(scope, colon > 0 ? id[..colon] : id);
    }

    /// <summary>The table.</summary>
    public static ServiceAuthorization Table { get; } = ServiceAuthorization.For(CodeBuildOperations.Service, "codebuild", "AccessDeniedException", 400)
        .Add<CreateProjectInput>("CreateProject", (i, s) =>
            [new("codebuild:CreateProject", ProjectArn(s, i.Name)), RequiredAccess.PassRole(i.ServiceRole, Service)])
        .Add<UpdateProjectInput>("UpdateProject", (i, s) => i.ServiceRole is { } role
            ? [new("codebuild:UpdateProject", ProjectArn(s, i.Name)), RequiredAccess.PassRole(role, Service)]
            : [new("codebuild:UpdateProject", ProjectArn(s, i.Name))])
        .Add<DeleteProjectInput>("DeleteProject", (i, s) => ProjectArn(s, i.Name))
        .Add<BatchGetProjectsInput>("BatchGetProjects", (i, s) => [.. i.Names.Select(n => new RequiredAccess("codebuild:BatchGetProjects", ProjectArn(s, n)))])
        .Add<StartBuildInput>("StartBuild", (i, s) => i.ServiceRoleOverride is { } role
            ? [new("codebuild:StartBuild", ProjectArn(s, i.ProjectName)), RequiredAccess.PassRole(role, Service)]
            : [new("codebuild:StartBuild", ProjectArn(s, i.ProjectName))])
        .Add<StopBuildInput>("StopBuild", (i, s) => BuildProjectArn(s, i.Id))
        .Add<BatchGetBuildsInput>("BatchGetBuilds", (i, s) => [.. i.Ids.Select(b => BuildProjectArn(s, b)).Distinct(StringComparer.Ordinal)
            .Select(p => new RequiredAccess("codebuild:BatchGetBuilds", p))])
        .Add<ListBuildsForProjectInput>("ListBuildsForProject", (i, s) => ProjectArn(s, i.ProjectName))
        .Build();
}
