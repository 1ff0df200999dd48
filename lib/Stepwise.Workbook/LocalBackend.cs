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
using Stepwise.Local.Storage;

namespace Stepwise.Workbook;

/// <summary>The embedded local cloud behind the ports: services in-process, and its host on 127.0.0.1 for S3 (whose
/// client is the AWS SDK's) and for the AWS CLI.</summary>
internal sealed class LocalBackend : ICloud
{
    private readonly LocalCloudHost _host;
    private readonly AmazonS3Client _s3;

    private LocalBackend(LocalCloud cloud, LocalCloudHost host)
    {
        Local = cloud;
        _host = host;
        _s3 = new AmazonS3Client(new BasicAWSCredentials("local", "local"), new AmazonS3Config
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
            return new LocalBackend(cloud, host);
        }
        catch
        {
            await cloud.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public BackendKind Kind => BackendKind.Local;

    public string Region => Local.Region;

    public string AccountId => Local.AccountId;

    /// <summary>The host's endpoint URL, for <c>aws --endpoint-url</c> and boto3's <c>endpoint_url</c>.</summary>
    public Uri Endpoint => _host.Uri;

    public IStepFunctions StepFunctions => Local.StepFunctions;

    public ISageMaker SageMaker => Local.SageMaker;

    public ISageMakerRuntime SageMakerRuntime => Local.SageMakerRuntime;

    public IIam Iam => Local.Iam;

    public ISts Sts => Local.Sts;

    public ILambda Lambda => Local.Lambda;

    public IAmazonS3 S3 => _s3;

    public ICodeBuild CodeBuild => Local.CodeBuild;

    public IEcr Ecr => Local.Ecr;

    public ILogs Logs => Local.Logs;

    public LocalCloud Local { get; }

    public override string ToString() =>
        $"Backend: local (the embedded cloud) · region {Region} · account {AccountId} · data in {Local.DataDirectory} · endpoint {Endpoint}";

    public async ValueTask DisposeAsync()
    {
        _s3.Dispose();
        await Local.DisposeAsync().ConfigureAwait(false);
    }
}
