namespace Stepwise.Local.SageMaker;

/// <summary>SageMaker's ARNs: the resource name in lower case, as SageMaker writes it.</summary>
internal static class SageMakerArns
{
    public static string TrainingJob(string region, string account, string name) =>
        $"arn:aws:sagemaker:{region}:{account}:training-job/{name.ToLowerInvariant()}";

    public static string TransformJob(string region, string account, string name) =>
        $"arn:aws:sagemaker:{region}:{account}:transform-job/{name.ToLowerInvariant()}";

    public static string ProcessingJob(string region, string account, string name) =>
        $"arn:aws:sagemaker:{region}:{account}:processing-job/{name.ToLowerInvariant()}";

    public static string TuningJob(string region, string account, string name) =>
        $"arn:aws:sagemaker:{region}:{account}:hyper-parameter-tuning-job/{name.ToLowerInvariant()}";
}
