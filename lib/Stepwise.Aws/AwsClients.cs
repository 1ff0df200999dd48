using Amazon;
using Amazon.S3;
using Stepwise.Aws.CloudFormation;
using Stepwise.Aws.CodeBuild;
using Stepwise.Aws.Ecr;
using Stepwise.Aws.Iam;
using Stepwise.Aws.Lambda;
using Stepwise.Aws.Logs;
using Stepwise.Aws.SageMaker;
using Stepwise.Aws.SageMakerRuntime;
using Stepwise.Aws.StepFunctions;
using Stepwise.Aws.Sts;

namespace Stepwise.Aws;

/// <summary>A typed client for each port, all over one <see cref="AwsServiceClient"/> (one region, one set of credentials,
/// one endpoint override), and S3 through AWSSDK.S3 with the same settings.</summary>
public sealed class AwsClients : IDisposable
{
    private readonly Lazy<AmazonS3Client> _s3;

    private AwsClients(AwsServiceClient client)
    {
        Client = client;
        StepFunctions = new AwsStepFunctionsClient(client);
        SageMaker = new AwsSageMakerClient(client);
        SageMakerRuntime = new AwsSageMakerRuntimeClient(client);
        Iam = new AwsIamClient(client);
        Sts = new AwsStsClient(client);
        Lambda = new AwsLambdaClient(client);
        CodeBuild = new AwsCodeBuildClient(client);
        Ecr = new AwsEcrClient(client);
        Logs = new AwsLogsClient(client);
        CloudFormation = new AwsCloudFormationClient(client);
        _s3 = new Lazy<AmazonS3Client>(CreateS3);
    }

    /// <summary>Clients over <paramref name="options"/> (null: the SDK's credential and region chains, AWS's endpoints).</summary>
    public static AwsClients Create(AwsClientOptions? options = null) => new(new AwsServiceClient(options));

    /// <summary>The client every port's calls go through.</summary>
    public AwsServiceClient Client { get; }

    /// <summary>The resolved region.</summary>
    public string Region => Client.Region;

    public IStepFunctions StepFunctions { get; }

    public ISageMaker SageMaker { get; }

    public ISageMakerRuntime SageMakerRuntime { get; }

    public IIam Iam { get; }

    public ISts Sts { get; }

    public ILambda Lambda { get; }

    public ICodeBuild CodeBuild { get; }

    public IEcr Ecr { get; }

    public ILogs Logs { get; }

    /// <summary>CloudFormation: the AWS side's stack (<c>environment/cloudformation</c>); the local cloud has no CloudFormation.</summary>
    public ICloudFormation CloudFormation { get; }

    /// <summary>S3 through AWSSDK.S3: same region and credentials; path-style addressing when the endpoint is overridden.</summary>
    public IAmazonS3 S3 => _s3.Value;

    /// <summary>The AWSSDK.S3 configuration matching the options (exposed for tests and for building other SDK clients alike).</summary>
    public AmazonS3Config CreateS3Config()
    {
        var options = Client.Options;
        var config = new AmazonS3Config
        {
            Timeout = options.Timeout,
            MaxErrorRetry = options.Retry.MaxAttempts - 1,
        };
        if (Client.Endpoints.ConfiguredUrl("S3") is { } url)
        {
            config.ServiceURL = url.ToString();
            config.AuthenticationRegion = Region;
            config.ForcePathStyle = true;
        }
        else
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(Region);
        return config;
    }

    private AmazonS3Client CreateS3() => new(Client.Credentials, CreateS3Config());

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_s3.IsValueCreated)
            _s3.Value.Dispose();
        Client.Dispose();
    }
}
