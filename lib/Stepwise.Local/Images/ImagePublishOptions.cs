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

    /// <summary>The image's environment variables.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }
}
