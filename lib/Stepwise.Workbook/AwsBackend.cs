using Amazon.S3;
using Stepwise.Aws;
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
using Stepwise.Local;

namespace Stepwise.Workbook;

/// <summary>AWS behind the ports, through Stepwise.Aws's SigV4 clients (or any endpoint speaking AWS's protocols:
/// <c>AWS_ENDPOINT_URL</c> pointed at <c>stepwise local</c> is how it is tested without an account). The same clients
/// attach a notebook to a local cloud another process owns (<see cref="AttachAsync"/>).</summary>
internal sealed class AwsBackend : ICloud
{
    private readonly AwsClients _clients;
    private readonly LocalCloudAttachment? _attached;
    private readonly Func<string, string?> _environment;
    private readonly AwsBackend? _parent;

    private AwsBackend(AwsClients clients, string accountId, string callerArn, Func<string, string?> environment,
        LocalCloudAttachment? attached = null, AwsBackend? parent = null)
    {
        _clients = clients;
        AccountId = accountId;
        CallerArn = callerArn;
        _environment = environment;
        _attached = attached;
        _parent = parent;
    }

    public static async Task<AwsBackend> ConnectAsync(BackendOptions options, CancellationToken cancellationToken)
    {
        var clients = AwsClients.Create(new AwsClientOptions { EnvironmentVariables = options.Variable });
        try
        {
            var identity = await clients.Sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken).ConfigureAwait(false);
            return new AwsBackend(clients, identity.Account ?? "", identity.Arn ?? "", options.Variable);
        }
        catch (Exception e) when (e is AwsServiceException or HttpRequestException or Amazon.Runtime.AmazonClientException)
        {
            clients.Dispose();
            throw new InvalidOperationException(
                $"STEPWISE_BACKEND=aws, but AWS did not say who we are (sts:GetCallerIdentity in {clients.Region}): {e.Message} " +
                "Give credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or an instance role) and a region (AWS_REGION), " +
                "or unset STEPWISE_BACKEND to run on the embedded local cloud.", e);
        }
    }

    /// <summary>Attaches to the local cloud that owns <paramref name="dataDirectory"/> in another process, over its host
    /// (as the local account's admin: credentials that are not an AssumeRole session's).</summary>
    public static async Task<AwsBackend> AttachAsync(string dataDirectory, Uri endpoint, string region, int ownerProcessId, CancellationToken cancellationToken)
    {
        var clients = AwsClients.Create(new AwsClientOptions
        {
            EndpointUrl = endpoint,
            Region = region,
            Credentials = new Amazon.Runtime.BasicAWSCredentials("local", "local"),
            EnvironmentVariables = _ => null,
        });
        try
        {
            var identity = await clients.Sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken).ConfigureAwait(false);
            return new AwsBackend(clients, identity.Account ?? "", identity.Arn ?? "", static _ => null, new LocalCloudAttachment(dataDirectory, endpoint, ownerProcessId));
        }
        catch
        {
            clients.Dispose();
            throw;
        }
    }

    public BackendKind Kind => _attached is null ? BackendKind.Aws : BackendKind.Local;

    public string Region => _clients.Region;

    public string AccountId { get; }

    /// <summary>Who the calls are made as (<c>arn:aws:sts::…:assumed-role/…</c>).</summary>
    public string CallerArn { get; }

    public IStepFunctions StepFunctions => _clients.StepFunctions;

    public ISageMaker SageMaker => _clients.SageMaker;

    public ISageMakerRuntime SageMakerRuntime => _clients.SageMakerRuntime;

    public IIam Iam => _clients.Iam;

    public ISts Sts => _clients.Sts;

    public ILambda Lambda => _clients.Lambda;

    public IAmazonS3 S3 => _clients.S3;

    public ICodeBuild CodeBuild => _clients.CodeBuild;

    public IEcr Ecr => _clients.Ecr;

    public ILogs Logs => _clients.Logs;

    public LocalCloud Local => throw new InvalidOperationException(_attached is { } attached
        ? $"cloud.Local is the embedded local cloud's own (registering .NET Lambda handlers, its data directory): this notebook is attached over {attached.Endpoint} to the local cloud process {attached.OwnerProcessId} owns, so that object lives there. Close the other kernel and connect again to own the local cloud here."
        : "cloud.Local is the embedded local cloud's own (registering .NET Lambda handlers, its data directory): this notebook runs on AWS, where it does not exist.");

    public Task<ICloud> AssumeRoleAsync(string roleArn, string? sessionName = null, CancellationToken cancellationToken = default) =>
        RoleSession.AssumeAsync(this, roleArn, sessionName, ownsParent: false, cancellationToken);

    /// <summary>The same AWS (or attached local cloud) with the temporary credentials AssumeRole returned.</summary>
    internal AwsBackend As(Credentials credentials, string callerArn, bool ownsParent)
    {
        var clients = AwsClients.Create(new AwsClientOptions
        {
            Region = Region, EnvironmentVariables = _environment, EndpointUrl = _attached?.Endpoint,
            Credentials = new Amazon.Runtime.SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken),
        });
        return new AwsBackend(clients, AccountId, callerArn, _environment, _attached, ownsParent ? this : null);
    }

    public override string ToString()
    {
        if (_attached is { } attached)
            return $"Backend: local (attached to the embedded cloud of process {attached.OwnerProcessId}) · region {Region} · account {AccountId} · data in {attached.DataDirectory} · endpoint {attached.Endpoint}" +
                   (CallerArn.Contains(":assumed-role/", StringComparison.Ordinal) ? $" · as {CallerArn}" : "");
        var endpoint = _clients.Client.Endpoints.ConfiguredUrl("SFN") is { } url ? $" · endpoint {url}" : "";
        return $"Backend: AWS · region {Region} · account {AccountId} · as {CallerArn}{endpoint}";
    }

    public async ValueTask DisposeAsync()
    {
        _clients.Dispose();
        if (_parent is not null)
            await _parent.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>A local cloud owned by another process, reached over its host.</summary>
internal sealed record LocalCloudAttachment(string DataDirectory, Uri Endpoint, int OwnerProcessId);
