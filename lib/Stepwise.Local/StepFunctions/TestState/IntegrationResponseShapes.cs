using Stepwise.Aws.Lambda;
using Stepwise.Aws.SageMaker;
using Stepwise.Local.StepFunctions.Integrations;
using Stepwise.Workflows;

namespace Stepwise.Local.StepFunctions.TestState;

/// <summary>The response shape of each service integration whose model the contracts hold (Lambda, SageMaker): what a
/// mocked result of a Task with that resource is checked against. A <c>.sync</c> SageMaker job answers with its
/// Describe… response, as Step Functions returns it once the job ends.</summary>
public static class IntegrationResponseShapes
{
    private static readonly Dictionary<string, ResponseShape> Shapes = new(StringComparer.Ordinal)
    {
        ["arn:aws:states:::lambda:invoke"] = ResponseShape.Of<InvocationResponse>("Payload"),
        ["arn:aws:states:::sagemaker:createTrainingJob"] = ResponseShape.Of<CreateTrainingJobResponse>(),
        ["arn:aws:states:::sagemaker:createTrainingJob.sync"] = ResponseShape.Of<DescribeTrainingJobResponse>(),
        ["arn:aws:states:::sagemaker:createTransformJob"] = ResponseShape.Of<CreateTransformJobResponse>(),
        ["arn:aws:states:::sagemaker:createTransformJob.sync"] = ResponseShape.Of<DescribeTransformJobResponse>(),
        ["arn:aws:states:::sagemaker:createProcessingJob"] = ResponseShape.Of<CreateProcessingJobResponse>(),
        ["arn:aws:states:::sagemaker:createProcessingJob.sync"] = ResponseShape.Of<DescribeProcessingJobResponse>(),
        ["arn:aws:states:::sagemaker:createHyperParameterTuningJob"] = ResponseShape.Of<CreateHyperParameterTuningJobResponse>(),
        ["arn:aws:states:::sagemaker:createHyperParameterTuningJob.sync"] = ResponseShape.Of<DescribeHyperParameterTuningJobResponse>(),
        ["arn:aws:states:::sagemaker:createModel"] = ResponseShape.Of<CreateModelOutput>(),
        ["arn:aws:states:::sagemaker:createEndpointConfig"] = ResponseShape.Of<CreateEndpointConfigOutput>(),
        ["arn:aws:states:::sagemaker:createEndpoint"] = ResponseShape.Of<CreateEndpointOutput>(),
        ["arn:aws:states:::sagemaker:updateEndpoint"] = ResponseShape.Of<UpdateEndpointOutput>(),
    };

    /// <summary>The shape a mocked result of <paramref name="resource"/> must match, or null when none is known (a
    /// <c>.waitForTaskToken</c> task's result is whatever its callback sends).</summary>
    public static ResponseShape? For(string resource)
    {
        var (service, pattern) = TaskInvocation.ParseResource(resource);
        if (pattern == IntegrationPattern.WaitForTaskToken) return null;
        return Shapes.GetValueOrDefault(pattern == IntegrationPattern.WaitForCompletion ? service + ".sync" : service);
    }
}
