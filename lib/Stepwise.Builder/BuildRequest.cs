using System.Globalization;
using System.Text.Json.Nodes;

namespace Stepwise.Builder;

/// <summary>The builder's event. Keys are read as the pipeline writes them (<c>ProjectName</c>, <c>ImageTag</c>) or in
/// camelCase (<c>projectName</c>, <c>waitForBuild</c>); what the event leaves out comes from the function's environment
/// (<c>STEPWISE_BUCKET</c>, <c>STEPWISE_CODEBUILD_ROLE</c>, <c>STEPWISE_BUILD_SOURCE</c>) or a default.</summary>
public sealed record BuildRequest
{
    /// <summary>The CodeBuild project; <c>stepwise-maskrcnn</c>.</summary>
    public string ProjectName { get; init; } = "stepwise-maskrcnn";

    /// <summary>The ECR repository; the project's name.</summary>
    public string? RepositoryName { get; init; }

    /// <summary>The image tag; <c>latest</c>.</summary>
    public string ImageTag { get; init; } = "latest";

    /// <summary>The bucket the build inputs go to (<c>STEPWISE_BUCKET</c>).</summary>
    public string? Bucket { get; init; }

    /// <summary>The key of the source zip; <c>codebuild/{ProjectName}/source.zip</c>.</summary>
    public string? SourceKey { get; init; }

    /// <summary>A folder or a .zip holding the build inputs (container source, Dockerfile, buildspec.yml) (<c>STEPWISE_BUILD_SOURCE</c>, else the package's own <c>build-source/</c>).</summary>
    public string? Source { get; init; }

    /// <summary>The build inputs as a base64 zip, instead of <see cref="Source"/>.</summary>
    public string? SourceZipBase64 { get; init; }

    /// <summary>The role CodeBuild runs as (<c>STEPWISE_CODEBUILD_ROLE</c>).</summary>
    public string? ServiceRole { get; init; }

    /// <summary>The buildspec the project runs: a path in the build inputs (<c>environment/buildspec.local.yml</c> for
    /// the local cloud) or the YAML itself (<c>STEPWISE_BUILDSPEC</c>); null: <c>buildspec.yml</c> at their root, as
    /// CodeBuild reads when the project names none.</summary>
    public string? Buildspec { get; init; }

    /// <summary>The build environment's image; <c>aws/codebuild/standard:7.0</c>.</summary>
    public string BuildImage { get; init; } = "aws/codebuild/standard:7.0";

    /// <summary>The build environment's size; <c>BUILD_GENERAL1_SMALL</c>.</summary>
    public string ComputeType { get; init; } = "BUILD_GENERAL1_SMALL";

    /// <summary>True to poll BatchGetBuilds until the build ends (within the function's timeout).</summary>
    public bool WaitForBuild { get; init; }

    /// <summary>Seconds between two polls; 10.</summary>
    public double PollSeconds { get; init; } = 10;

    /// <summary>Reads an event; <paramref name="environment"/> supplies what it leaves out.</summary>
    public static BuildRequest From(JsonNode? input, Func<string, string?> environment)
    {
        var e = input as JsonObject ?? [];
        string? Text(string name) => Get(e, name) is JsonValue v ? v.ToString() : null;
        var request = new BuildRequest
        {
            RepositoryName = Text("RepositoryName"),
            Bucket = Text("Bucket") ?? environment("STEPWISE_BUCKET"),
            SourceKey = Text("SourceKey"),
            Source = Text("Source") ?? Text("SourceFolder") ?? Text("SourceZip") ?? environment("STEPWISE_BUILD_SOURCE") ?? PackagedSource(environment),
            SourceZipBase64 = Text("SourceZipBase64"),
            ServiceRole = Text("ServiceRole") ?? environment("STEPWISE_CODEBUILD_ROLE"),
            Buildspec = Text("Buildspec") ?? Text("BuildSpec") ?? environment("STEPWISE_BUILDSPEC"),
            WaitForBuild = Get(e, "WaitForBuild") is JsonValue wait && (wait.TryGetValue<bool>(out var b) ? b : bool.TryParse(wait.ToString(), out var parsed) && parsed),
        };
        if (Text("ProjectName") is { Length: > 0 } project) request = request with { ProjectName = project };
        if (Text("ImageTag") is { Length: > 0 } tag) request = request with { ImageTag = tag };
        if (Text("BuildImage") is { Length: > 0 } image) request = request with { BuildImage = image };
        if (Text("ComputeType") is { Length: > 0 } compute) request = request with { ComputeType = compute };
        if (Text("PollSeconds") is { } poll && double.TryParse(poll, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
            request = request with { PollSeconds = seconds };
        return request;
    }

    /// <summary><c>{LAMBDA_TASK_ROOT}/build-source</c> when the function's package carries its build inputs.</summary>
    private static string? PackagedSource(Func<string, string?> environment) =>
        environment("LAMBDA_TASK_ROOT") is { Length: > 0 } root && Directory.Exists(Path.Combine(root, "build-source"))
            ? Path.Combine(root, "build-source")
            : null;

    /// <summary>A member by its PascalCase name or its camelCase one.</summary>
    private static JsonNode? Get(JsonObject e, string name) =>
        e[name] ?? e[char.ToLowerInvariant(name[0]) + name[1..]];
}
