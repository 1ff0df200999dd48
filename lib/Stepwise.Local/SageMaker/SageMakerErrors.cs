using Stepwise.Aws.Protocol;
using Stepwise.Aws.SageMaker;

namespace Stepwise.Local.SageMaker;

/// <summary>SageMaker's errors, in SageMaker's words, in one place.</summary>
internal static class SageMakerErrors
{
    public const string NamePattern = "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}";

    public static SageMakerException Validation(string message) => new("ValidationException", message, 400);

    /// <summary><c>1 validation error detected: Value 'x_y' at 'trainingJobName' failed to satisfy constraint: …</c>.</summary>
    public static SageMakerException Constraints(IReadOnlyList<string> violations) =>
        Validation(ValidationMessages.Count(violations));

    public static string Constraint(string? value, string member, string constraint) =>
        $"Value {(value is null ? "null" : $"'{value}'")} at '{member}' failed to satisfy constraint: {constraint}";

    /// <summary>What SageMaker answers DescribeTrainingJob and StopTrainingJob for a job it does not have (a
    /// ValidationException, not the model's ResourceNotFound: aws/aws-sdk#165).</summary>
    public static SageMakerException TrainingJobNotFound() => Validation("Requested resource not found.");

    public static SageMakerException TrainingJobExists(string arn) =>
        new(SageMakerErrorCodes.ResourceInUse,
            $"Training job names must be unique within an AWS account and region, and a training job with this name already exists ({arn})", 400);

    /// <summary>What SageMaker answers a transform or processing job name already taken.</summary>
    public static SageMakerException JobExists(string arn) =>
        new(SageMakerErrorCodes.ResourceInUse, $"Job name must be unique within an AWS account and region, and a job with this name already exists ({arn})", 400);

    /// <summary>What SageMaker answers Describe/Stop of a transform or processing job it does not have.</summary>
    public static SageMakerException JobNotFound(string name) => Validation($"Could not find requested job with name {name}");

    /// <summary>Stop* of a job that has ended.</summary>
    public static SageMakerException JobCannotStop(string noun, string status) =>
        Validation($"The request was rejected because the {noun} is in status {status}.");

    /// <summary>A member outside its enum, in SageMaker's validation wording.</summary>
    public static string Enum(string? value, string member, IReadOnlyList<string> values) =>
        Constraint(value, member, $"Member must satisfy enum value set: [{string.Join(", ", values)}]");

    /// <summary>A number outside its range, in SageMaker's validation wording.</summary>
    public static string Range(int value, string member, int min, int max) =>
        Constraint(value.ToString(System.Globalization.CultureInfo.InvariantCulture), member,
            value < min ? $"Member must have value greater than or equal to {min}" : $"Member must have value less than or equal to {max}");

    public static SageMakerException ImageNotFound(string imageUri, string detail) =>
        Validation($"Requested image {imageUri} not found. {detail}");

    public static SageMakerException NoObjects(string uri, string region, string role, string bucket) =>
        Validation($"No S3 objects found under S3 URL \"{uri}\" given in input data source. Please ensure that the bucket exists in the selected region ({region}), that objects exist under that S3 prefix, and that the role \"{role}\" has \"s3:ListBucket\" permissions on bucket \"{bucket}\".");

    public static SageMakerException CannotStop(string status) =>
        Validation($"The request was rejected because the training job is in status {status}.");

    public static SageMakerException NotServedLocally(string feature) =>
        Validation($"{feature} is not served by the local SageMaker: it runs bring-your-own-container images (local images addressed by their ECR URI) over S3 data in File mode.");
}
