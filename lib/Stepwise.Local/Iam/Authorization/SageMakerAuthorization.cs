using Stepwise.Aws.SageMaker;
using Stepwise.Aws.SageMakerRuntime;

namespace Stepwise.Local.Iam.Authorization;

/// <summary>SageMaker's actions (Service Authorization Reference, "Actions defined by Amazon SageMaker AI"): jobs,
/// models, endpoint configs and endpoints by their ARNs (the name in lower case, as SageMaker writes ARNs); List
/// actions on <c>*</c>; calls that hand SageMaker a role (CreateTrainingJob, CreateModel, CreateProcessingJob,
/// CreateHyperParameterTuningJob) need <c>iam:PassRole</c> to <c>sagemaker.amazonaws.com</c>. A denial is
/// <c>AccessDeniedException</c>, HTTP 400 (awsJson 1.1).</summary>
public static class SageMakerAuthorization
{
    private const string Service = "sagemaker.amazonaws.com";

    /// <summary>SageMaker's ARN of a resource: <c>arn:aws:sagemaker:{region}:{account}:{type}/{name in lower case}</c>.</summary>
    public static string Arn(AuthorizationScope scope, string type, string name) => scope.Arn("sagemaker", $"{type}/{name.ToLowerInvariant()}");

    /// <summary>The table.</summary>
    public static ServiceAuthorization Table { get; } = ServiceAuthorization.For(SageMakerOperations.Service, "sagemaker", "AccessDeniedException", 400)
        .Add<CreateTrainingJobRequest>("CreateTrainingJob", (i, s) =>
            [new("sagemaker:CreateTrainingJob", Arn(s, "training-job", i.TrainingJobName)), RequiredAccess.PassRole(i.RoleArn, Service)])
        .Add<DescribeTrainingJobRequest>("DescribeTrainingJob", (i, s) => Arn(s, "training-job", i.TrainingJobName))
        .Add<StopTrainingJobRequest>("StopTrainingJob", (i, s) => Arn(s, "training-job", i.TrainingJobName))
        .Add<ListTrainingJobsRequest>("ListTrainingJobs", (_, _) => "*")
        .Add<CreateModelInput>("CreateModel", (i, s) => i.ExecutionRoleArn is { } role
            ? [new("sagemaker:CreateModel", Arn(s, "model", i.ModelName)), RequiredAccess.PassRole(role, Service)]
            : [new("sagemaker:CreateModel", Arn(s, "model", i.ModelName))])
        .Add<DescribeModelInput>("DescribeModel", (i, s) => Arn(s, "model", i.ModelName))
        .Add<DeleteModelInput>("DeleteModel", (i, s) => Arn(s, "model", i.ModelName))
        .Add<ListModelsInput>("ListModels", (_, _) => "*")
        .Add<CreateEndpointConfigInput>("CreateEndpointConfig", (i, s) => Arn(s, "endpoint-config", i.EndpointConfigName))
        .Add<DescribeEndpointConfigInput>("DescribeEndpointConfig", (i, s) => Arn(s, "endpoint-config", i.EndpointConfigName))
        .Add<DeleteEndpointConfigInput>("DeleteEndpointConfig", (i, s) => Arn(s, "endpoint-config", i.EndpointConfigName))
        .Add<ListEndpointConfigsInput>("ListEndpointConfigs", (_, _) => "*")
        .Add<CreateEndpointInput>("CreateEndpoint", (i, s) => Arn(s, "endpoint", i.EndpointName))
        .Add<UpdateEndpointInput>("UpdateEndpoint", (i, s) => Arn(s, "endpoint", i.EndpointName))
        .Add<DescribeEndpointInput>("DescribeEndpoint", (i, s) => Arn(s, "endpoint", i.EndpointName))
        .Add<DeleteEndpointInput>("DeleteEndpoint", (i, s) => Arn(s, "endpoint", i.EndpointName))
        .Add<ListEndpointsInput>("ListEndpoints", (_, _) => "*")
        .Add<CreateTransformJobRequest>("CreateTransformJob", (i, s) => Arn(s, "transform-job", i.TransformJobName))
        .Add<DescribeTransformJobRequest>("DescribeTransformJob", (i, s) => Arn(s, "transform-job", i.TransformJobName))
        .Add<StopTransformJobRequest>("StopTransformJob", (i, s) => Arn(s, "transform-job", i.TransformJobName))
        .Add<CreateProcessingJobRequest>("CreateProcessingJob", (i, s) =>
            [new("sagemaker:CreateProcessingJob", Arn(s, "processing-job", i.ProcessingJobName)), RequiredAccess.PassRole(i.RoleArn, Service)])
        .Add<DescribeProcessingJobRequest>("DescribeProcessingJob", (i, s) => Arn(s, "processing-job", i.ProcessingJobName))
        .Add<StopProcessingJobRequest>("StopProcessingJob", (i, s) => Arn(s, "processing-job", i.ProcessingJobName))
        .Add<CreateHyperParameterTuningJobRequest>("CreateHyperParameterTuningJob", (i, s) =>
        {
            var needs = new List<RequiredAccess> { new("sagemaker:CreateHyperParameterTuningJob", Arn(s, "hyper-parameter-tuning-job", i.HyperParameterTuningJobName)) };
            foreach (var role in new[] { i.TrainingJobDefinition?.RoleArn }.Concat((i.TrainingJobDefinitions ?? []).Select(d => d.RoleArn)).OfType<string>().Distinct(StringComparer.Ordinal))
                needs.Add(RequiredAccess.PassRole(role, Service));
            return needs;
        })
        .Add<DescribeHyperParameterTuningJobRequest>("DescribeHyperParameterTuningJob", (i, s) => Arn(s, "hyper-parameter-tuning-job", i.HyperParameterTuningJobName))
        .Add<StopHyperParameterTuningJobRequest>("StopHyperParameterTuningJob", (i, s) => Arn(s, "hyper-parameter-tuning-job", i.HyperParameterTuningJobName))
        .Add<AddTagsInput>("AddTags", (i, _) => i.ResourceArn)
        .Add<DeleteTagsInput>("DeleteTags", (i, _) => i.ResourceArn)
        .Add<ListTagsInput>("ListTags", (i, _) => i.ResourceArn)
        .Build();

    /// <summary>SageMaker Runtime: <c>sagemaker:InvokeEndpoint</c> on the endpoint (restJson1; a denial is
    /// <c>AccessDeniedException</c>, HTTP 403).</summary>
    public static ServiceAuthorization Runtime { get; } = ServiceAuthorization.For(SageMakerRuntimeOperations.Service, "sagemaker", "AccessDeniedException", 403)
        .Add<InvokeEndpointInput>("InvokeEndpoint", (i, s) => Arn(s, "endpoint", i.EndpointName))
        .Build();
}
