namespace Stepwise.Local.Images;

/// <summary>Settings of <see cref="LocalImages.PublishAsync(string, string, ImagePublishOptions?, CancellationToken)"/>.</summary>
public sealed record ImagePublishOptions
{
    /// <summary>Receives each line <c>dotnet publish</c> prints, as it prints it (a build takes a while).</summary>
    public IProgress<string>? Progress { get; init; }

    /// <summary>Also receives each line (a notebook's <c>Console.Out</c>).</summary>
    public TextWriter? Output { get; init; }

    /// <summary>The build configuration.</summary>
    public string Configuration { get; init; } = "Release";

    /// <summary>The entry points, when the program's verbs are not SageMaker's <c>train</c> and <c>serve</c>; the
    /// command <c>dotnet</c> with the published assembly as first argument when null.</summary>
    public IReadOnlyDictionary<string, ImageEntryPoint>? EntryPoints { get; init; }

    /// <summary>A runtime identifier (<c>linux-x64</c>) for a self-contained publish with its native host — what
    /// Lambda's <c>provided.al2023</c> runtime runs; null: framework-dependent, run with <c>dotnet</c>.</summary>
    public string? RuntimeIdentifier { get; init; }

    /// <summary>True to publish the program's native executable beside its assembly (a Lambda function's
    /// <c>bootstrap</c>); false for an image, whose entry points run <c>dotnet</c> on the assembly.</summary>
    public bool AppHost { get; init; }

    /// <summary>The image's environment variables.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }
}
