using Stepwise.Aws.CodeBuild;
using Stepwise.Aws.Ecr;
using Stepwise.Aws.Iam;
using Stepwise.Aws.Lambda;
using Stepwise.Aws.Logs;
using Stepwise.Aws.SageMaker;
using Stepwise.Aws.SageMakerRuntime;
using Stepwise.Aws.StepFunctions;
using Stepwise.Local.S3;
using Stepwise.Aws.Sts;

namespace Stepwise.Local.Hosting;

/// <summary>The endpoints of the services a <see cref="LocalCloud"/> serves, built from their generated descriptors.</summary>
public static class LocalCloudServices
{
    /// <summary>Every service the cloud serves today.</summary>
    /// <summary>Every service the cloud serves today, through <see cref="LocalCloud.Authorized"/>: with IAM enforced,
    /// a request signed with a role session's credentials is checked before the service sees it.</summary>
    public static IReadOnlyList<ServiceEndpoint> Of(LocalCloud cloud)
    {
        var ports = cloud.Authorized;
        return
        [
            StepFunctions(ports.StepFunctions),
            Sts(ports.Sts),
            Iam(ports.Iam),
            Logs(ports.Logs),
            Lambda(ports.Lambda),
            new AwsJsonEndpoint(SageMakerOperations.Service, SageMakerOperations.All, ports.SageMaker, SageMakerJson.MissingRequiredMembers),
            SageMakerRuntime(ports.SageMakerRuntime),
            new AwsJsonEndpoint(EcrOperations.Service, EcrOperations.All, ports.Ecr, EcrJson.MissingRequiredMembers)
            {
                ValidationErrorCode = EcrErrorCodes.InvalidParameterException,
            },
            new AwsJsonEndpoint(CodeBuildOperations.Service, CodeBuildOperations.All, ports.CodeBuild, CodeBuildJson.MissingRequiredMembers)
            {
                ValidationErrorCode = CodeBuildErrorCodes.InvalidInputException,
            },
            new S3Endpoint(new S3WireProtocol(cloud.S3, cloud.Region), ports.Authorizer),
        ];
    }

    /// <summary>Step Functions (awsJson 1.0) over any implementation of its port.</summary>
    public static ServiceEndpoint StepFunctions(IStepFunctions port, long? maxBodyBytes = null) =>
        new AwsJsonEndpoint(StepFunctionsOperations.Service, StepFunctionsOperations.All, port,
            StepFunctionsJson.MissingRequiredMembers, maxBodyBytes ?? 1024 * 1024);

    /// <summary>CloudWatch Logs (awsJson 1.1) over any implementation of its port.</summary>
    public static ServiceEndpoint Logs(ILogs port) =>
        new AwsJsonEndpoint(LogsOperations.Service, LogsOperations.All, port, LogsJson.MissingRequiredMembers)
        {
            ValidationErrorCode = LogsErrorCodes.InvalidParameterException,
        };

    /// <summary>Lambda (restJson1) over any implementation of its port.</summary>
    public static ServiceEndpoint Lambda(ILambda port) =>
        new RestJsonEndpoint(LambdaOperations.Service, LambdaOperations.All, port, LambdaJson.MissingRequiredMembers)
        {
            MalformedBodyErrorCode = LambdaErrorCodes.InvalidRequestContentException,
        };

    /// <summary>SageMaker Runtime (restJson1) over any implementation of its port.</summary>
    public static ServiceEndpoint SageMakerRuntime(ISageMakerRuntime port) =>
        new RestJsonEndpoint(SageMakerRuntimeOperations.Service, SageMakerRuntimeOperations.All, port, SageMakerRuntimeJson.MissingRequiredMembers)
        {
            ValidationErrorCode = SageMakerRuntimeErrorCodes.ValidationError,
        };

    /// <summary>IAM (query) over any implementation of its port.</summary>
    public static ServiceEndpoint Iam(IIam port) =>
        new QueryEndpoint(IamOperations.Service, IamOperations.All, port, IamJson.MissingRequiredMembers);

    /// <summary>STS (query) over any implementation of its port.</summary>
    public static ServiceEndpoint Sts(ISts port) =>
        new QueryEndpoint(StsOperations.Service, StsOperations.All, port, StsJson.MissingRequiredMembers);
}
