using Stepwise.Aws.SageMaker;

namespace Stepwise.Local.SageMaker;

/// <summary>What SageMaker says when its execution role may not do what a job or model needs, in AWS's words (each
/// with where the wording was seen; the local ones are marked).</summary>
internal static class ExecutionRoleErrors
{
    /// <summary>CreateTrainingJob, CreateProcessingJob, CreateHyperParameterTuningJob with a role SageMaker cannot assume.
    /// Wording as quoted in awslabs/predictive-maintenance-using-machine-learning#3 (CreateTransformJob's ValidationException).</summary>
    public static SageMakerException CannotAssume(string roleArn) => SageMakerErrors.Validation(
        $"Could not assume role {roleArn}. Please ensure that the role exists and allows principal 'sagemaker.amazonaws.com' to assume the role.");

    /// <summary>CreateModel when the role cannot be assumed or may not read the model data. Wording as quoted in
    /// philschmid/llm-sagemaker-sample#2 (CreateModel's ValidationException).</summary>
    public static SageMakerException ModelData(string url, string roleArn, string region) => SageMakerErrors.Validation(
        $"Could not access model data at {url}. Please ensure that the role \"{roleArn}\" exists and that its trust relationship policy allows the action " +
        $"\"sts:AssumeRole\" for the service principal \"sagemaker.amazonaws.com\". Also ensure that the role has \"s3:GetObject\" permissions and that " +
        $"the object is located in {region}. If your Model uses multiple models or uncompressed models, please ensure that the role has \"s3:ListBucket\" permission.");

    /// <summary>A training job's FailureReason when the role may not read a channel's object. Wording as quoted in
    /// aws/amazon-sagemaker-examples#4384 (<c>ClientError: Data download failed:Unable to download object s3://… (AccessDenied: Access Denied)</c>).</summary>
    public static string DownloadDenied(string objectUri) => $"ClientError: Data download failed:Unable to download object {objectUri} (AccessDenied: Access Denied)";

    /// <summary>A training job's FailureReason when the role may not list an S3Prefix channel's bucket (local wording, in
    /// the shape of <see cref="DownloadDenied"/>: no quoted AWS text was found).</summary>
    public static string ListDenied(string prefixUri) => $"ClientError: Data download failed:Unable to list objects under {prefixUri} (AccessDenied: Access Denied)";

    /// <summary>A training job's FailureReason when the role may not pull its ECR image. Wording as quoted in
    /// aws/sagemaker-python-sdk#57 and #1968.</summary>
    public const string CannotPullImage = "ClientError: Cannot pull algorithm container. Either the image does not exist or its permissions are incorrect.";

    /// <summary>A training job's FailureReason when the role may not write the model artifacts (local wording, the
    /// local upload failure's, with S3's AccessDenied).</summary>
    public static string UploadDenied(string what, string target) => $"ClientError: Failed to upload {what} to {target}: AccessDenied: Access Denied.";

    /// <summary>An endpoint's FailureReason when a variant's model role may not pull its image. Wording as quoted in
    /// yuyasugano/terraform-sagemaker-sample-1#1.</summary>
    public static string EndpointImages(string variant) =>
        $"Please make sure all images included in the model for the production variant {variant} exist, and that the execution role used to create the model has permissions to access them.";
}
