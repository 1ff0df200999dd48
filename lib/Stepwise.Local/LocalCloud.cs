using Stepwise.Local.CodeBuild;
using Stepwise.Local.Ecr;
using Stepwise.Local.Hosting;
using Stepwise.Local.Iam;
using Stepwise.Local.Iam.Authorization;
using Stepwise.Local.Images;
using Stepwise.Local.SageMaker;
using Stepwise.Local.StepFunctions;
using Stepwise.Local.StepFunctions.Mocks;
using Stepwise.Local.Lambda;
using Stepwise.Local.StepFunctions.Runtime;
using Stepwise.Local.Logs;
using Stepwise.Local.S3;
using Stepwise.Local.Storage;
using Stepwise.Local.Sts;

namespace Stepwise.Local;

/// <summary>The embedded AWS cloud: every local service over one data directory, one clock, one account and region.
/// It is the composition root — services are built here and reach each other only through their ports.</summary>
public sealed class LocalCloud : IAsyncDisposable
{
    private readonly List<LocalCloudHost> _hosts = [];
    private readonly DataDirectoryOwner _owner;

    private LocalCloud(LocalCloudOptions options, DataDirectoryOwner owner)
    {
        Options = options;
        _owner = owner;
        var mocks = options.StepFunctionsMocks ?? MockConfig.FromEnvironment(); // a malformed file is refused before anything opens
        S3 = new LocalS3(Path.Combine(options.DataDirectory, "s3"), options.Time);
        // IAM first: with EnforceIam, SageMaker's jobs and Step Functions' executions that resume at open are checked from the start.
        Iam = new LocalIam(options.DataDirectory, options.AccountId, options.Time);
        Access = new AccessChecker(Iam, options.Region, options.Time);
        Sts = new LocalSts(options.AccountId, Iam, options.Time, Access);
        Logs = new LocalLogs(options.DataDirectory, options.Time, options.Region, options.AccountId);
        Lambda = new LocalLambda(new LocalLambdaOptions
        {
            DataDirectory = options.DataDirectory,
            Region = options.Region,
            AccountId = options.AccountId,
            Time = options.Time,
            Logs = Logs,
            ObjectStorage = S3,
            ExecutionRoles = options.EnforceIam ? new LambdaRoleAuthorizer(Iam, options.AccountId, options.Time) : null,
        });
        // SageMaker before Step Functions: executions that resume at open call it from their first step.
        Images = new LocalImages(options.DataDirectory, options.Region, options.AccountId, options.Time);
        SageMaker = new LocalSageMaker(new LocalSageMakerOptions
        {
            DataDirectory = options.DataDirectory,
            Region = options.Region,
            AccountId = options.AccountId,
            Time = options.Time,
            Images = Images,
            ObjectStorage = S3,
            Logs = Logs,
            ExecutionRoles = options.EnforceIam ? new SageMakerRoleAuthorizer(Iam, Access, options.AccountId, options.Time) : null,
        });
        SageMakerRuntime = new LocalSageMakerRuntime(SageMaker);
        var clock = options.Clock ?? (options.Time == TimeProvider.System ? SystemClock.Instance : new TimeProviderClock(options.Time));
        StepFunctions = new LocalStepFunctions(new LocalStepFunctionsOptions
        {
            DataDirectory = options.DataDirectory,
            Region = options.Region,
            Account = options.AccountId,
            Clock = clock,
            Lambda = Lambda,
            SageMaker = SageMaker,
            ObjectStorage = options.ObjectStorage ?? S3,
            Logs = Logs,
            ResumeRunningExecutions = options.ResumeRunningExecutions,
            RandomSeed = options.RandomSeed,
            ExecutionRoles = options.EnforceIam ? new ExecutionRoleAuthorizer(Iam, Access, options.Region, options.AccountId, options.Time) : null,
            Mocks = mocks ?? MockConfig.Empty,
        });
        Ecr = new LocalEcr(options.DataDirectory, Images, options.Time);
        CodeBuild = new LocalCodeBuild(new LocalCodeBuildOptions
        {
            DataDirectory = options.DataDirectory,
            Region = options.Region,
            AccountId = options.AccountId,
            Time = options.Time,
            ObjectStorage = S3,
            Logs = Logs,
            Images = Images,
            Ecr = Ecr,
        });
        Authorized = new AuthorizedPorts(this, options.EnforceIam
            ? new CallerAuthorizer(Iam, Access, new AuthorizationScope(options.Region, options.AccountId))
            : null);
    }

    /// <summary>Opens the local cloud on its data directory (created when missing); RUNNING executions resume. One local
    /// cloud owns a data directory at a time: a second opener gets <see cref="LocalCloudInUseException"/>, naming the
    /// owner and its endpoint (<see cref="DataDirectoryOwner"/>).</summary>
    public static LocalCloud Open(LocalCloudOptions? options = null)
    {
        options ??= new LocalCloudOptions();
        var owner = DataDirectoryOwner.Acquire(options.DataDirectory, options.Region, options.Time);
        try
        {
            return new LocalCloud(options, owner);
        }
        catch
        {
            owner.Dispose();
            throw;
        }
    }

    /// <summary>How it was opened.</summary>
    public LocalCloudOptions Options { get; }

    /// <summary>Where every service keeps its data.</summary>
    public string DataDirectory => Options.DataDirectory;

    /// <summary>The region its ARNs name.</summary>
    public string Region => Options.Region;

    /// <summary>The account its ARNs name.</summary>
    public string AccountId => Options.AccountId;

    /// <summary>The clock of every service.</summary>
    public TimeProvider Time => Options.Time;

    /// <summary>AWS Step Functions: the ASL engine and its store.</summary>
    public LocalStepFunctions StepFunctions { get; }

    /// <summary>AWS STS: who the caller is, and AssumeRole with the roles' trust policies.</summary>
    public LocalSts Sts { get; }

    /// <summary>IAM: roles, trust policies, inline and managed policies, the policy simulator (<c>{data}/iam.db</c>).</summary>
    public LocalIam Iam { get; }

    /// <summary>The policy check the services make on behalf of a caller (a role session is evaluated; root is the admin).</summary>
    public IAccessChecker Access { get; }

    /// <summary>The ports as callers reach them (the host serves these): with <see cref="LocalCloudOptions.EnforceIam"/>,
    /// a role session's calls are checked against its policies first; the root's never are.</summary>
    public AuthorizedPorts Authorized { get; }

    /// <summary>S3: buckets and objects as files under <c>{data}/s3</c>; over the wire through the host.</summary>
    public LocalS3 S3 { get; }

    /// <summary>CloudWatch Logs: every local service writes its logs here (<c>{data}/logs.db</c>).</summary>
    public LocalLogs Logs { get; }

    /// <summary>Local Lambda: .NET handlers registered in-process (<c>cloud.Lambda.Register(name, handler)</c>), and .zip
    /// packages deployed with CreateFunction (<c>{data}/lambda</c>), each run as its own <c>bootstrap</c> process.</summary>
    public LocalLambda Lambda { get; }

    /// <summary>Local images: published .NET container programs addressed by their ECR URIs (<c>{data}/images</c>).</summary>
    public LocalImages Images { get; }

    /// <summary>ECR: repositories over the local images (<c>{data}/ecr</c>).</summary>
    public LocalEcr Ecr { get; }

    /// <summary>CodeBuild: builds run a buildspec's phases as shell commands; <c>stepwise-image push</c> publishes into ECR.</summary>
    public LocalCodeBuild CodeBuild { get; }

    /// <summary>SageMaker: training jobs run the image's <c>train</c> as a process (<c>{data}/sagemaker</c>).</summary>
    public LocalSageMaker SageMaker { get; }

    /// <summary>SageMaker Runtime: InvokeEndpoint proxied to the endpoint's <c>serve</c> container.</summary>
    public LocalSageMakerRuntime SageMakerRuntime { get; }

    /// <summary>Serves every local service on one 127.0.0.1 port, for the AWS CLI, boto3, the JS SDK and our AWS clients.</summary>
    public async Task<LocalCloudHost> StartHostAsync(LocalCloudHostOptions? options = null, CancellationToken cancellationToken = default)
    {
        var host = await LocalCloudHost.StartAsync(LocalCloudServices.Of(this), options, cancellationToken).ConfigureAwait(false);
        lock (_hosts)
            _hosts.Add(host);
        // Deployed Lambda functions call the local cloud through the first host started (AWS_ENDPOINT_URL).
        Lambda.EndpointUrl ??= host.Uri;
        _owner.Serving(host.Uri);
        return host;
    }

    /// <summary>Stops its hosts, then its services (running executions are checkpointed and resume at the next open).</summary>
    public async ValueTask DisposeAsync()
    {
        LocalCloudHost[] hosts;
        lock (_hosts)
        {
            hosts = [.. _hosts];
            _hosts.Clear();
        }
        foreach (var host in hosts)
            await host.DisposeAsync().ConfigureAwait(false);
        await StepFunctions.DisposeAsync().ConfigureAwait(false);
        await CodeBuild.DisposeAsync().ConfigureAwait(false);
        await Lambda.DisposeAsync().ConfigureAwait(false);
        SageMakerRuntime.Dispose();
        await SageMaker.DisposeAsync().ConfigureAwait(false);
        Logs.Dispose();
        Iam.Dispose();
        _owner.Dispose();
    }
}
