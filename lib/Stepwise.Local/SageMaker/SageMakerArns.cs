namespace Stepwise.Local.SageMaker;

/// <summary>SageMaker's ARNs: the resource name in lower case, as SageMaker writes it.</summary>
internal static class SageMakerArns
{
    public static string TrainingJob(string region, string account, string name) =>
        $"arn:aws:sagemaker:{region}:{account}:training-job/{name.ToLowerInvariant()}";
}
