using Stepwise.Local.Logs;
using Stepwise.Local.S3;

namespace Stepwise.Local.Lambda;

/// <summary>Where and how the local Lambda keeps and runs functions; every member is optional.</summary>
public sealed record LocalLambdaOptions
{
    /// <summary>The data directory: deployed functions live under <c>{data}/lambda/{name}/</c>; null: a temporary folder
    /// removed at disposal (functions then do not outlive the instance).</summary>
    public string? DataDirectory { get; init; }

    /// <summary>The region its ARNs name and its functions see in <c>AWS_REGION</c>.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>The account its ARNs name.</summary>
    public string AccountId { get; init; } = "123456789012";

    /// <summary>The clock of deadlines, timeouts, durations and log times.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where <c>/aws/lambda/{name}</c> goes; null: nowhere.</summary>
    public ILogSink? Logs { get; init; }

    /// <summary>Where <c>Code.S3Bucket</c>/<c>S3Key</c> are read from; null: S3 code is refused.</summary>
    public IObjectStorage? ObjectStorage { get; init; }

    /// <summary>The execution roles (<see cref="LocalCloudOptions.EnforceIam"/>): CreateFunction and a role change refuse a
    /// role <c>lambda.amazonaws.com</c> cannot assume, and a function's process gets its role session's credentials
    /// (<c>AWS_ACCESS_KEY_ID</c>, …); null: fixed local ones, which act as the account's root.</summary>
    public ILambdaRoleAuthorizer? ExecutionRoles { get; init; }

    /// <summary>How long a function's <c>bootstrap</c> may take to ask for its first event (Lambda's init phase: 10 s).</summary>
    public TimeSpan InitTimeout { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>The temporary credentials of a function's execution role.</summary>
public sealed record FunctionCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken);
