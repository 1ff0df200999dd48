using System.Text.Json;
using Stepwise.Aws.CodeBuild;
using Stepwise.Aws.Ecr;
using Stepwise.Aws.Iam;
using Stepwise.Aws.Lambda;
using Stepwise.Aws.Logs;
using Stepwise.Aws.Protocol;
using Stepwise.Aws.SageMaker;
using Stepwise.Aws.SageMakerRuntime;
using Stepwise.Aws.StepFunctions;
using Stepwise.Aws.Sts;

namespace Stepwise.Local.Hosting;

/// <summary>The AWS services the workbook uses, whether or not the local cloud serves them yet: the router names the
/// service a request was meant for, and answers in that service's protocol.</summary>
public static class KnownServices
{
    /// <summary>S3 (restXml); its client is the AWS SDK's own, so it has no generated contract.</summary>
    public static ServiceDescriptor S3 { get; } = new(
        ServiceId: "S3", EndpointPrefix: "s3", SigningName: "s3", ApiVersion: "2006-03-01", Protocol: AwsProtocol.RestXml,
        TargetPrefix: null, XmlNamespace: "http://s3.amazonaws.com/doc/2006-03-01/", GlobalEndpoint: false,
        Json: JsonSerializerOptions.Default,
        CreateException: static (code, message, status) => new AwsServiceException(code, message, status));

    /// <summary>Every service, in the order the router tries them.</summary>
    public static IReadOnlyList<ServiceDescriptor> All { get; } =
    [
        StepFunctionsOperations.Service, SageMakerOperations.Service, SageMakerRuntimeOperations.Service,
        IamOperations.Service, StsOperations.Service, LambdaOperations.Service, CodeBuildOperations.Service,
        EcrOperations.Service, LogsOperations.Service, S3,
    ];
}
