using System.Text.Json.Serialization;

namespace Stepwise.Local.Ecr;

/// <summary>What local ECR keeps of a repository (its images are the local images of that name).</summary>
internal sealed record RepositoryRecord
{
    public required string Name { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public string ImageTagMutability { get; init; } = "MUTABLE";

    public bool ScanOnPush { get; init; }

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}

[JsonSerializable(typeof(RepositoryRecord))]
internal sealed partial class EcrJsonContext : JsonSerializerContext;
