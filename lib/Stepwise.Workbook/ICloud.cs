using Amazon.S3;
using Stepwise.Aws.CodeBuild;
using Stepwise.Aws.Ecr;
using Stepwise.Aws.Iam;
using Stepwise.Aws.Lambda;
using Stepwise.Aws.Logs;
using Stepwise.Aws.SageMaker;
using Stepwise.Aws.SageMakerRuntime;
using Stepwise.Aws.StepFunctions;
using Stepwise.Aws.Sts;
using Stepwise.Local;

namespace Stepwise.Workbook;

/// <summary>The AWS services a notebook uses, the same on both backends: the embedded local cloud or AWS.</summary>
public interface ICloud : IAsyncDisposable
{
    /// <summary>Which backend serves the ports.</summary>
    BackendKind Kind { get; }

    /// <summary>The region calls go to.</summary>
    string Region { get; }

    /// <summary>The account the caller acts in.</summary>
    string AccountId { get; }

    IStepFunctions StepFunctions { get; }

    ISageMaker SageMaker { get; }

    ISageMakerRuntime SageMakerRuntime { get; }

    IIam Iam { get; }

    ISts Sts { get; }

    ILambda Lambda { get; }

    /// <summary>S3 through the AWS SDK's own client (on the local backend, pointed at the local cloud's host).</summary>
    IAmazonS3 S3 { get; }

    ICodeBuild CodeBuild { get; }

    IEcr Ecr { get; }

    ILogs Logs { get; }

    /// <summary>This cloud as a session of <paramref name="roleArn"/>: STS AssumeRole (the role's trust policy must let
    /// this caller assume it, as on AWS), then every call of the returned cloud acts as
    /// <c>assumed-role/{role}/{session}</c> — on the local backend checked against the role's policies when
    /// <see cref="LocalCloudOptions.EnforceIam"/> is on, so a denied call answers with AWS's AccessDenied. Disposing it
    /// leaves this cloud open.</summary>
    Task<ICloud> AssumeRoleAsync(string roleArn, string? sessionName = null, CancellationToken cancellationToken = default);

    /// <summary>Local-only affordances (registering a .NET Lambda handler, the data directory); on AWS, an error that says so.</summary>
    LocalCloud Local { get; }
}
