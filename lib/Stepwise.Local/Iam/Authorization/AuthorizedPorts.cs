using Stepwise.Aws.CodeBuild;
using Stepwise.Aws.Ecr;
using Stepwise.Aws.Iam;
using Stepwise.Aws.Lambda;
using Stepwise.Aws.Logs;
using Stepwise.Aws.SageMaker;
using Stepwise.Aws.SageMakerRuntime;
using Stepwise.Aws.StepFunctions;
using Stepwise.Aws.Sts;

namespace Stepwise.Local.Iam.Authorization;

/// <summary>The local cloud's ports as a caller reaches them: with <see cref="LocalCloudOptions.EnforceIam"/>, every call
/// is authorized for its caller first (<see cref="AuthorizedPort{TPort}"/>); without, they are the services themselves.
/// The host serves these; <see cref="As"/> gives the ports of one role session, for a notebook that acts as a role.</summary>
public sealed class AuthorizedPorts
{
    private readonly LocalCloud _cloud;
    private readonly CallerAuthorizer? _authorizer;
    private readonly ServiceAuthorization _iamTable;

    internal AuthorizedPorts(LocalCloud cloud, CallerAuthorizer? authorizer, string? accessKeyId = null)
    {
        _cloud = cloud;
        _authorizer = authorizer;
        _iamTable = IamAuthorization.Table(cloud.Iam);
        AccessKeyId = accessKeyId;
        StepFunctions = Wrap<IStepFunctions>(cloud.StepFunctions, StepFunctionsAuthorization.Table);
        SageMaker = Wrap<ISageMaker>(cloud.SageMaker, SageMakerAuthorization.Table);
        SageMakerRuntime = Wrap<ISageMakerRuntime>(cloud.SageMakerRuntime, SageMakerAuthorization.Runtime);
        Lambda = Wrap<ILambda>(cloud.Lambda, LambdaAuthorization.Table);
        Ecr = Wrap<IEcr>(cloud.Ecr, EcrAuthorization.Table);
        CodeBuild = Wrap<ICodeBuild>(cloud.CodeBuild, CodeBuildAuthorization.Table);
        Logs = Wrap<ILogs>(cloud.Logs, LogsAuthorization.Table);
        Iam = Wrap<IIam>(cloud.Iam, _iamTable);
        Sts = Wrap<ISts>(cloud.Sts, IamAuthorization.Sts);
    }

    /// <summary>The access key id every call acts as, or null for the caller of the call in progress.</summary>
    public string? AccessKeyId { get; }

    /// <summary>Whether calls are checked (<see cref="LocalCloudOptions.EnforceIam"/>).</summary>
    public bool Enforced => _authorizer is not null;

    /// <summary>The check itself (null when IAM is not enforced), for the S3 endpoint.</summary>
    public CallerAuthorizer? Authorizer => _authorizer;

    /// <summary>Step Functions.</summary>
    public IStepFunctions StepFunctions { get; }

    /// <summary>SageMaker.</summary>
    public ISageMaker SageMaker { get; }

    /// <summary>SageMaker Runtime.</summary>
    public ISageMakerRuntime SageMakerRuntime { get; }

    /// <summary>Lambda.</summary>
    public ILambda Lambda { get; }

    /// <summary>ECR.</summary>
    public IEcr Ecr { get; }

    /// <summary>CodeBuild.</summary>
    public ICodeBuild CodeBuild { get; }

    /// <summary>CloudWatch Logs.</summary>
    public ILogs Logs { get; }

    /// <summary>IAM.</summary>
    public IIam Iam { get; }

    /// <summary>STS.</summary>
    public ISts Sts { get; }

    /// <summary>The ports acting as the session whose access key id is <paramref name="accessKeyId"/> (from local
    /// STS's AssumeRole): every call runs as that caller (GetCallerIdentity names the session), and is checked when
    /// IAM is enforced.</summary>
    public AuthorizedPorts As(string accessKeyId)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKeyId);
        return new AuthorizedPorts(_cloud, _authorizer, accessKeyId);
    }

    private TPort Wrap<TPort>(TPort port, ServiceAuthorization table) where TPort : class =>
        _authorizer is null && AccessKeyId is null ? port : AuthorizedPort<TPort>.Create(port, table, _authorizer, AccessKeyId);
}
