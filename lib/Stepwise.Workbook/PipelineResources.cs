namespace Stepwise.Workbook;

/// <summary>The names the workbook's pipeline uses in an account and region: the roles notebook 01 creates, the image
/// notebook 02 builds, and the bucket of data and models.</summary>
public sealed record PipelineResources(string AccountId, string Region)
{
    /// <summary>The role Step Functions assumes to run the workflow.</summary>
    public string WorkflowRoleArn => $"arn:aws:iam::{AccountId}:role/StepwiseWorkflowExecutionRole";

    /// <summary>The role SageMaker assumes to train and host.</summary>
    public string SageMakerRoleArn => $"arn:aws:iam::{AccountId}:role/StepwiseSageMakerExecutionRole";

    /// <summary>The role the builder Lambda function runs as.</summary>
    public string BuilderRoleArn => $"arn:aws:iam::{AccountId}:role/{BuilderRoleName}";

    /// <summary>The role CodeBuild assumes to build and push the container image.</summary>
    public string CodeBuildRoleArn => $"arn:aws:iam::{AccountId}:role/{CodeBuildRoleName}";

    /// <summary>The names of the workbook's four roles (notebook 01 creates them; notebook 06 deletes them).</summary>
    public static IReadOnlyList<string> RoleNames { get; } =
        ["StepwiseWorkflowExecutionRole", "StepwiseSageMakerExecutionRole", BuilderRoleName, CodeBuildRoleName];

    /// <summary>The ECR repository the container is pushed to.</summary>
    public const string Repository = "stepwise-maskrcnn";

    /// <summary>The CodeBuild project that builds the container.</summary>
    public const string BuildProject = "stepwise-maskrcnn";

    /// <summary>The builder Lambda function (the pipeline's first state).</summary>
    public const string BuilderFunction = "stepwise-build-container";

    /// <summary>The prefix of the job, model, endpoint configuration and endpoint names a run of the pipeline gives.</summary>
    public const string RunPrefix = "maskrcnn-";

    private const string BuilderRoleName = "StepwiseBuilderFunctionRole";
    private const string CodeBuildRoleName = "StepwiseCodeBuildRole";

    /// <summary>The container image in ECR.</summary>
    public string ImageUri => $"{AccountId}.dkr.ecr.{Region}.amazonaws.com/{Repository}:latest";

    /// <summary>The bucket, as an <c>s3://</c> URI.</summary>
    public string Bucket => $"s3://stepwise-{AccountId}-{Region}";

    /// <summary>The names for the account and region a cloud connection reports.</summary>
    public static PipelineResources For(ICloud cloud) => new(cloud.AccountId, cloud.Region);
}
