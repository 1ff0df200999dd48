using Amazon.Runtime;
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
using Stepwise.Local.Hosting;
using Stepwise.Local.Iam.Authorization;
using Stepwise.Local.Storage;

namespace Stepwise.Workbook;

/// <summary>The embedded local cloud behind the ports: services in-process (through <see cref="LocalCloud.Authorized"/>,
/// so that a role session's calls are checked when IAM is enforced), and its host on 127.0.0.1 for S3 (whose client is
/// the AWS SDK's) and for the AWS CLI. A role view (<see cref="ICloud.AssumeRoleAsync"/>) shares the cloud and acts as
/// the session: its ports run each call as the session's access key, its S3 client signs with the session's credentials.</summary>
internal sealed class LocalBackend : ICloud
{
    private readonly LocalCloudHost _host;
    private readonly AmazonS3Client _s3;
    private readonly AuthorizedPorts _ports;
    private readonly LocalBackend? _parent;
    private readonly bool _ownsCloud;

    private LocalBackend(LocalCloud cloud, LocalCloudHost host, AuthorizedPorts ports, AWSCredentials credentials, string? callerArn,
        LocalBackend? parent, bool ownsCloud)
    {
        Local = cloud;
        _host = host;
        _ports = ports;
        _parent = parent;
        _ownsCloud = ownsCloud;
        CallerArn = callerArn;
        _s3 = new AmazonS3Client(credentials, new AmazonS3Config
        {
            ServiceURL = host.Uri.ToString(),
            AuthenticationRegion = cloud.Region,
            ForcePathStyle = true,
        });
    }

    /// <summary>Opens the embedded cloud on its data directory; when another process (another notebook kernel) owns it
    /// and serves a host, attaches to that one over the wire instead.</summary>
    public static async Task<ICloud> StartOrAttachAsync(LocalCloudOptions options, int port, CancellationToken cancellationToken)
    {
        try
        {
            return await StartAsync(options, port, cancellationToken).ConfigureAwait(false);
        }
        catch (LocalCloudInUseException inUse) when (inUse.Owner is { Endpoint: { } endpoint, Region: { } region } owner)
        {
            try
            {
                return await AwsBackend.AttachAsync(options.DataDirectory, new Uri(endpoint), region, owner.ProcessId, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or Stepwise.Aws.Protocol.AwsServiceException or Amazon.Runtime.AmazonClientException or TaskCanceledException)
            {
                throw new LocalCloudInUseException(options.DataDirectory, owner, e);
            }
        }
    }

    public static async Task<LocalBackend> StartAsync(LocalCloudOptions options, int port, CancellationToken cancellationToken)
    {
        var cloud = LocalCloud.Open(options);
        try
        {
            var host = await cloud.StartHostAsync(new LocalCloudHostOptions { Port = port }, cancellationToken).ConfigureAwait(false);
            return new LocalBackend(cloud, host, cloud.Authorized, new BasicAWSCredentials("local", "local"), null, null, ownsCloud: true);
        }
        catch
        {
            await cloud.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>This cloud acting as the session STS issued <paramref name="credentials"/> for.</summary>
    internal LocalBackend As(Credentials credentials, string callerArn, bool ownsParent) =>
        new(Local, _host, Local.Authorized.As(credentials.AccessKeyId),
            new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken), callerArn,
            ownsParent ? this : null, ownsCloud: false);

    public BackendKind Kind => BackendKind.Local;

    public string Region => Local.Region;

    public string AccountId => Local.AccountId;

    /// <summary>The role session the calls act as, or null for the local admin (the account's root).</summary>
    public string? CallerArn { get; }

    /// <summary>The host's endpoint URL, for <c>aws --endpoint-url</c> and boto3's <c>endpoint_url</c>.</summary>
    public Uri Endpoint => _host.Uri;

    public IStepFunctions StepFunctions => _ports.StepFunctions;

    public ISageMaker SageMaker => _ports.SageMaker;

    public ISageMakerRuntime SageMakerRuntime => _ports.SageMakerRuntime;

    public IIam Iam => _ports.Iam;

    public ISts Sts => _ports.Sts;

    public ILambda Lambda => _ports.Lambda;

    public IAmazonS3 S3 => _s3;

    public ICodeBuild CodeBuild => _ports.CodeBuild;

    public IEcr Ecr => _ports.Ecr;

    public ILogs Logs => _ports.Logs;

    public LocalCloud Local { get; }

    public Task<ICloud> AssumeRoleAsync(string roleArn, string? sessionName = null, CancellationToken cancellationToken = default) =>
        RoleSession.AssumeAsync(this, roleArn, sessionName, ownsParent: false, cancellationToken);

    public override string ToString() =>
        $"Backend: local (the embedded cloud) · region {Region} · account {AccountId} · data in {Local.DataDirectory} · endpoint {Endpoint}" +
        (CallerArn is null ? "" : $" · as {CallerArn}{(Local.Options.EnforceIam ? "" : " (IAM not enforced: LocalCloudOptions.EnforceIam is off)")}");

    public async ValueTask DisposeAsync()
    {
        _s3.Dispose();
        if (_ownsCloud)
            await Local.DisposeAsync().ConfigureAwait(false);
        if (_parent is not null)
            await _parent.DisposeAsync().ConfigureAwait(false);
    }
}
