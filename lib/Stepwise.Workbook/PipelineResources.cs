namespace Stepwise.Workbook;

/// <summary>The names the workbook's pipeline uses in an account and region: the roles notebook 01 creates, the image
/// notebook 02 builds, and the bucket of data and models.</summary>
public sealed record PipelineResources(string AccountId, string Region)
{
    /// <summary>The role Step Functions assumes to run the workflow.</summary>
    public string WorkflowRoleArn => $"arn:aws:iam::{AccountId}:role/StepwiseWorkflowExecutionRole";

    /// <summary>The role SageMaker assumes to train and host.</summary>
    public string SageMakerRoleArn => $"arn:aws:iam::{AccountId}:role/StepwiseSageMakerExecutionRole";

    /// <summary>The container image in ECR.</summary>
    public string ImageUri => $"{AccountId}.dkr.ecr.{Region}.amazonaws.com/stepwise-maskrcnn:latest";

    /// <summary>The bucket, as an <c>s3://</c> URI.</summary>
    public string Bucket => $"s3://stepwise-{AccountId}-{Region}";

    /// <summary>The names for the account and region a cloud connection reports.</summary>
    public static PipelineResources For(ICloud cloud) => new(cloud.AccountId, cloud.Region);
}
