using System.Text.Json.Nodes;

namespace Stepwise.Builder;

/// <summary>What the builder returns: <c>{ "status", "buildId", "image", "buildSeconds" }</c>.</summary>
/// <param name="Status">CodeBuild's build status: <c>SUCCEEDED</c>, or <c>IN_PROGRESS</c> when not waited for.</param>
/// <param name="BuildId">The build's id (<c>project:uuid</c>).</param>
/// <param name="Image">The image URI the build pushes (<c>{registry}/{repository}:{tag}</c>).</param>
/// <param name="BuildSeconds">How long the build took (so far, when not waited for).</param>
public sealed record BuildResult(string Status, string BuildId, string Image, double BuildSeconds)
{
    public JsonObject ToJson() => new()
    {
        ["status"] = Status,
        ["buildId"] = BuildId,
        ["image"] = Image,
        ["buildSeconds"] = BuildSeconds,
    };
}
