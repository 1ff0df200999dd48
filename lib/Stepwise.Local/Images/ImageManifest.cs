namespace Stepwise.Local.Images;

/// <summary>What a local image runs and how: the manifest.json beside its published program.</summary>
public sealed record ImageManifest
{
    /// <summary>The manifest format this Stepwise writes; a newer one is refused, not misread.</summary>
    public const int CurrentFormatVersion = 1;

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>Entry points by name: <c>train</c> and <c>serve</c> for a SageMaker container.</summary>
    public required IReadOnlyDictionary<string, ImageEntryPoint> EntryPoints { get; init; }

    /// <summary>Environment variables every process of the image gets (the image's ENV).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The folder processes start in, relative to the image folder (the image's WORKDIR).</summary>
    public string WorkingDirectory { get; init; } = LocalImages.ProgramFolder;

    /// <summary>The project the image was published from.</summary>
    public string? Project { get; init; }

    /// <summary>When it was published.</summary>
    public DateTimeOffset Created { get; init; }
}
