using Stepwise.Local.Images;
using Stepwise.Local.Logs;
using Stepwise.Local.S3;

namespace Stepwise.Local.SageMaker;

/// <summary>What the local SageMaker runs on: the cloud's data directory, clock, account, images, S3 and logs.</summary>
public sealed record LocalSageMakerOptions
{
    /// <summary>The cloud's data directory; jobs live under <c>{data}/sagemaker</c>.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The images training jobs run.</summary>
    public required LocalImages Images { get; init; }

    /// <summary>Where channels are read from and artifacts written to.</summary>
    public required IObjectStorage ObjectStorage { get; init; }

    /// <summary>Where the containers' output goes (<c>/aws/sagemaker/TrainingJobs</c>).</summary>
    public required LocalLogs Logs { get; init; }

    /// <summary>The execution-role checks (<see cref="LocalCloudOptions.EnforceIam"/>): CreateTrainingJob, CreateProcessingJob,
    /// CreateHyperParameterTuningJob and CreateModel refuse a role SageMaker cannot assume, and a job's S3 reads and
    /// writes, image pull and logs are its role's; null checks nothing.</summary>
    public ISageMakerRoleAuthorizer? ExecutionRoles { get; init; }

    /// <summary>The region ARNs name.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>The account ARNs name.</summary>
    public string AccountId { get; init; } = "123456789012";

    /// <summary>The clock of statuses, transitions and MaxRuntimeInSeconds.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How long a stopped container has between SIGTERM and SIGKILL: SageMaker's 120 seconds.</summary>
    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>How long an endpoint's <c>serve</c> has to answer <c>GET /ping</c> 200 before the endpoint is Failed, when
    /// its production variant gives no ContainerStartupHealthCheckTimeoutInSeconds: 300 seconds.</summary>
    public TimeSpan EndpointStartupTimeout { get; init; } = TimeSpan.FromSeconds(300);
}
