using Stepwise.Aws.SageMaker;

namespace Stepwise.Local.SageMaker;

/// <summary>SageMaker's ARNs and errors for models, endpoint configurations and endpoints, in SageMaker's words.</summary>
internal static class HostingErrors
{
    public static string ModelArn(string region, string account, string name) =>
        $"arn:aws:sagemaker:{region}:{account}:model/{name.ToLowerInvariant()}";

    public static string EndpointConfigArn(string region, string account, string name) =>
        $"arn:aws:sagemaker:{region}:{account}:endpoint-config/{name.ToLowerInvariant()}";

    public static string EndpointArn(string region, string account, string name) =>
        $"arn:aws:sagemaker:{region}:{account}:endpoint/{name.ToLowerInvariant()}";

    public static SageMakerException ModelNotFound(string arn) => SageMakerErrors.Validation($"Could not find model \"{arn}\".");

    public static SageMakerException EndpointConfigNotFound(string arn) => SageMakerErrors.Validation($"Could not find endpoint configuration \"{arn}\".");

    public static SageMakerException EndpointNotFound(string arn) => SageMakerErrors.Validation($"Could not find endpoint \"{arn}\".");

    public static SageMakerException ModelExists(string arn) => SageMakerErrors.Validation($"Cannot create already existing model \"{arn}\".");

    public static SageMakerException EndpointConfigExists(string arn) => SageMakerErrors.Validation($"Cannot create already existing endpoint configuration \"{arn}\".");

    public static SageMakerException EndpointExists(string arn) => SageMakerErrors.Validation($"Cannot create already existing endpoint \"{arn}\".");

    public static SageMakerException ModelDataNotFound(string url) => SageMakerErrors.Validation($"Could not find model data at {url}.");

    public static SageMakerException InProgress(string arn) => SageMakerErrors.Validation($"Cannot update in-progress endpoint \"{arn}\".");

    public static SageMakerException CannotUpdateFailed(string arn) =>
        SageMakerErrors.Validation($"Cannot update endpoint \"{arn}\" in status Failed: delete it and create it again.");

    /// <summary>The 63-character name every hosting resource has, as SageMaker checks it (<paramref name="member"/>:
    /// <c>modelName</c>, <c>endpointConfigName</c>, <c>endpointName</c>).</summary>
    public static void ValidateName(string? name, string member)
    {
        var violations = new List<string>();
        if (name is null)
            violations.Add(SageMakerErrors.Constraint(null, member, "Member must not be null"));
        else
        {
            if (name.Length > 63)
                violations.Add(SageMakerErrors.Constraint(name, member, "Member must have length less than or equal to 63"));
            if (!System.Text.RegularExpressions.Regex.IsMatch(name, "^" + SageMakerErrors.NamePattern + "$"))
                violations.Add(SageMakerErrors.Constraint(name, member, $"Member must satisfy regular expression pattern: {SageMakerErrors.NamePattern}"));
        }
        if (violations.Count > 0) throw SageMakerErrors.Constraints(violations);
    }
}
