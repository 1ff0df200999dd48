using Stepwise.Local.Ecr;
using Stepwise.Local.Images;
using Stepwise.Local.Logs;
using Stepwise.Local.S3;

namespace Stepwise.Local.CodeBuild;

/// <summary>What local CodeBuild runs on: where it keeps projects and builds, the clock, S3 for sources and artifacts,
/// CloudWatch Logs for build logs, and the images and ECR that <c>stepwise-image push</c> publishes into.</summary>
public sealed record LocalCodeBuildOptions
{
    public required string DataDirectory { get; init; }

    public string Region { get; init; } = "us-east-1";

    public string AccountId { get; init; } = "123456789012";

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public required IObjectStorage ObjectStorage { get; init; }

    public required ILogSink Logs { get; init; }

    public required LocalImages Images { get; init; }

    public required LocalEcr Ecr { get; init; }

    /// <summary>Extra environment every build gets (e.g. <c>AWS_ENDPOINT_URL</c> of a running host), after CodeBuild's own.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}
