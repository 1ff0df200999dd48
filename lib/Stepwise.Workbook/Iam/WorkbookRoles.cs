using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Stepwise.Workflows.Permissions;

namespace Stepwise.Workbook.Iam;

/// <summary>
/// The workbook's four roles for a <see cref="PipelineResources"/> — the one source of their trust and inline policies
/// (environment/cloudformation/workbook.yaml is tested equal to it): the SageMaker execution role, the Step Functions
/// workflow role (computed from <see cref="MaskRCnnPipeline"/>'s ASL by <see cref="WorkflowPermissions"/>), the builder
/// Lambda's role (what lib/Stepwise.Builder's ContainerBuilder calls) and the CodeBuild role. Each statement is as narrow
/// as the calls allow and says why it is there. <see cref="EnsureAsync(ICloud, CancellationToken)"/> creates or updates
/// them on a backend.
/// </summary>
public sealed record WorkbookRoles(WorkbookRole SageMaker, WorkbookRole Workflow, WorkbookRole Builder, WorkbookRole CodeBuild)
{
    /// <summary>The four roles, in the order notebook 01 explains them (the names of <see cref="PipelineResources.RoleNames"/>).</summary>
    public IReadOnlyList<WorkbookRole> All => [SageMaker, Workflow, Builder, CodeBuild];

    /// <summary>Every statement of the four roles as one table.</summary>
    public string Html => WorkbookRole.Table(All);

    /// <summary>The roles for the names in <paramref name="resources"/> (partition <c>aws</c>).</summary>
    public static WorkbookRoles For(PipelineResources resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var names = new Names(resources);
        return new WorkbookRoles(SageMakerRole(names), WorkflowRole(resources), BuilderRole(names), CodeBuildRole(names));
    }

    /// <summary>Creates or updates the four roles for the account and region <paramref name="cloud"/> reports.</summary>
    public static Task<RoleSetupReport> EnsureAsync(ICloud cloud, CancellationToken cancellationToken = default) =>
        For(PipelineResources.For(cloud)).EnsureAsync(cloud.Iam, cancellationToken);

    /// <summary>Creates or updates these roles: a missing role is created with its trust policy; an existing one gets its
    /// trust policy (UpdateAssumeRolePolicy) and inline policy (PutRolePolicy) only when they differ from these. Running it
    /// again reports every role unchanged.</summary>
    public Task<RoleSetupReport> EnsureAsync(Stepwise.Aws.Iam.IIam iam, CancellationToken cancellationToken = default) =>
        RoleSetup.EnsureAsync(iam, All, cancellationToken);

    private sealed record Names(PipelineResources Resources)
    {
        public string Bucket => Resources.Bucket["s3://".Length..];

        public string BucketArn => $"arn:aws:s3:::{Bucket}";

        public string RepositoryArn => $"arn:aws:ecr:{Resources.Region}:{Resources.AccountId}:repository/{PipelineResources.Repository}";

        public string ProjectArn => $"arn:aws:codebuild:{Resources.Region}:{Resources.AccountId}:project/{PipelineResources.BuildProject}";

        /// <summary>Where the builder uploads the build inputs and CodeBuild reads them (ContainerBuilder's default key).</summary>
        public string SourceZipArn => $"{BucketArn}/codebuild/{PipelineResources.BuildProject}/source.zip";

        public string LogGroupArn(string group) => $"arn:aws:logs:{Resources.Region}:{Resources.AccountId}:log-group:{group}";
    }

    private static WorkbookRole SageMakerRole(Names names) => new(
        names.Resources.SageMakerRoleArn.Split('/')[^1], names.Resources.SageMakerRoleArn,
        "SageMaker assumes it for the training job and the endpoint: read the data, write the model, pull the image, log.",
        Trust("sagemaker.amazonaws.com"), "stepwise-sagemaker",
        [
            new("The training job reads its channel (data/pennfudan) and writes model.tar.gz under models/; the endpoint reads the model.",
                Allow(["s3:GetObject", "s3:PutObject"], [$"{names.BucketArn}/*"])),
            new("SageMaker lists the channel's S3 prefix before copying it (an S3Prefix data source).",
                Allow(["s3:ListBucket"], [names.BucketArn])),
            new("Pulling an image from ECR starts with a registry token; ECR grants it for the registry, never a repository.",
                Allow(["ecr:GetAuthorizationToken"], ["*"])),
            new("Pull the container image, for training and for the endpoint — this repository only.",
                Allow(["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], [names.RepositoryArn])),
            new("The job's and the endpoint's logs, in SageMaker's own log groups (/aws/sagemaker/TrainingJobs, /aws/sagemaker/Endpoints/…).",
                Allow(["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"], [names.LogGroupArn("/aws/sagemaker/*")])),
            new("Training metrics (loss, AP) published to CloudWatch; PutMetricData has no resource, so the condition keeps it to SageMaker's namespaces.",
                Allow(["cloudwatch:PutMetricData"], ["*"], new JsonObject { ["StringLike"] = new JsonObject { ["cloudwatch:namespace"] = "/aws/sagemaker/*" } })),
        ]);

    private static WorkbookRole WorkflowRole(PipelineResources resources)
    {
        var required = WorkflowPermissions.For(MaskRCnnPipeline.Create(resources), new PermissionContext(resources.AccountId, resources.Region));
        var statements = required.Statements
            .Select(s => new RoleStatement(WhyWorkflow(s, required), s))
            .ToList();
        var trust = Trust("states.amazonaws.com");
        trust["Statement"]![0]!["Condition"] = new JsonObject { ["StringEquals"] = new JsonObject { ["aws:SourceAccount"] = resources.AccountId } };
        return new(resources.WorkflowRoleArn.Split('/')[^1], resources.WorkflowRoleArn,
            "Step Functions assumes it to run the pipeline; its statements are computed from the pipeline's ASL, not written by hand.",
            trust, "stepwise-workflow", statements);
    }

    // The states come from the analysis; the sentence per integration says what the call is.
    private static string WhyWorkflow(PolicyStatement statement, RequiredPermissions required)
    {
        var states = statement.Permissions.SelectMany(required.StatesNeeding).Distinct().ToList();
        var action = statement.Actions[0];
        var what = action switch
        {
            "lambda:InvokeFunction" => "invokes the builder function (its ARN, and any version or alias of it)",
            "sagemaker:CreateTrainingJob" => "starts the training job and, being .sync, polls and (when cancelled) stops it",
            "sagemaker:ListTags" => "AWS's policy for each SageMaker integration includes ListTags, on * (it is not narrowed to one resource type)",
            "iam:PassRole" => "hands the SageMaker execution role to SageMaker (and only to SageMaker)",
            "events:DescribeRule" => "a .sync wait for SageMaker uses Step Functions' managed EventBridge rule for training jobs",
            "sagemaker:CreateModel" => "registers the trained model",
            "sagemaker:CreateEndpointConfig" => "creates the endpoint configuration",
            "sagemaker:CreateEndpoint" => "creates the endpoint from its configuration",
            _ => $"calls {string.Join(", ", statement.Actions)}",
        };
        return states.Count == 0 ? what : $"{string.Join(", ", states)}: {what}.";
    }

    private static WorkbookRole BuilderRole(Names names)
    {
        var function = $"/aws/lambda/{PipelineResources.BuilderFunction}";
        return new(names.Resources.BuilderRoleArn.Split('/')[^1], names.Resources.BuilderRoleArn,
            "The builder Lambda runs as it: create the ECR repository if missing, upload the build inputs, create or update the CodeBuild project, start and follow the build.",
            Trust("lambda.amazonaws.com"), "stepwise-builder",
            [
                new("Find the repository, and create it when it is missing.",
                    Allow(["ecr:CreateRepository", "ecr:DescribeRepositories"], [names.RepositoryArn])),
                new("Upload the build inputs (container source, Dockerfile, buildspec) as one zip — that key only.",
                    Allow(["s3:PutObject"], [names.SourceZipArn])),
                new("Create the CodeBuild project, or update it to this source and image; start the build and poll it.",
                    Allow(["codebuild:BatchGetBuilds", "codebuild:BatchGetProjects", "codebuild:CreateProject", "codebuild:StartBuild", "codebuild:UpdateProject"], [names.ProjectArn])),
                new("Creating or updating the project names its service role: the builder may hand the CodeBuild role to CodeBuild only.",
                    Allow(["iam:PassRole"], [names.Resources.CodeBuildRoleArn], new JsonObject { ["StringEquals"] = new JsonObject { ["iam:PassedToService"] = "codebuild.amazonaws.com" } })),
                new("The function's own log group.",
                    Allow(["logs:CreateLogGroup"], [names.LogGroupArn(function)])),
                new("The function's log streams and events.",
                    Allow(["logs:CreateLogStream", "logs:PutLogEvents"], [names.LogGroupArn(function) + ":*"])),
            ]);
    }

    private static WorkbookRole CodeBuildRole(Names names)
    {
        var group = $"/aws/codebuild/{PipelineResources.BuildProject}";
        return new(names.Resources.CodeBuildRoleArn.Split('/')[^1], names.Resources.CodeBuildRoleArn,
            "CodeBuild assumes it to run environment/buildspec.yml: read the source zip, build and push the image, log.",
            Trust("codebuild.amazonaws.com"), "stepwise-codebuild",
            [
                new("Download the source zip the builder uploaded (the project's S3 source).",
                    Allow(["s3:GetObject", "s3:GetObjectVersion"], [names.SourceZipArn])),
                new("`docker login` to ECR needs a registry token; ECR grants it for the registry, never a repository.",
                    Allow(["ecr:GetAuthorizationToken"], ["*"])),
                new("`docker push` (and the layer cache's pull) to this repository only.",
                    Allow(["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:CompleteLayerUpload", "ecr:GetDownloadUrlForLayer",
                        "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"], [names.RepositoryArn])),
                new("The build log, in the project's log group.",
                    Allow(["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], [names.LogGroupArn(group), names.LogGroupArn(group) + ":*"])),
            ]);
    }

    private static PolicyStatement Allow(ImmutableArray<string> actions, ImmutableArray<string> resources, JsonObject? condition = null) =>
        new(actions, resources, condition is null ? null : PolicyConditions.Canonical(condition));

    private static JsonObject Trust(string service) => new()
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray(new JsonObject
        {
            ["Effect"] = "Allow",
            ["Principal"] = new JsonObject { ["Service"] = service },
            ["Action"] = "sts:AssumeRole",
        }),
    };
}
