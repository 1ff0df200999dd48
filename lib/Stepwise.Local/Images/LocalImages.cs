using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace Stepwise.Local.Images;

/// <summary>
/// Local container images without a Docker engine: an image is a published build of a .NET program plus a manifest
/// (entry points, environment, working directory), stored as <c>{data}/images/{repository}/{tag}/manifest.json</c> and
/// <c>…/{tag}/app/</c> (the publish output), and addressed by the URI it would have in ECR
/// (<c>&lt;account&gt;.dkr.ecr.&lt;region&gt;.amazonaws.com/&lt;repository&gt;:&lt;tag&gt;</c>).
/// </summary>
public sealed class LocalImages
{
    /// <summary>The folder of an image that holds the published program.</summary>
    public const string ProgramFolder = "app";

    /// <summary>The manifest's file name in an image folder.</summary>
    public const string ManifestFile = "manifest.json";

    private const string StagingFolder = ".staging";
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _publishing = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    /// <summary>Images under <c>{dataDirectory}/images</c>, addressed in <paramref name="accountId"/> and <paramref name="region"/>.</summary>
    /// <paramref name="buildCache"/>: where publishes of unchanged source are reused from (the machine's
    /// <see cref="ImageBuildCache.Default"/> when null; <c>STEPWISE_BUILD_CACHE=off</c> turns it off).
    public LocalImages(string dataDirectory, string region = "us-east-1", string accountId = "123456789012", TimeProvider? time = null, ImageBuildCache? buildCache = null)
    {
        Root = Path.Combine(dataDirectory, "images");
        Region = region;
        AccountId = accountId;
        _time = time ?? TimeProvider.System;
        BuildCache = buildCache ?? ImageBuildCache.Default();
    }

    /// <summary>The build cache publishes reuse, or null when it is off.</summary>
    public ImageBuildCache? BuildCache { get; }

    /// <summary>Where images are stored.</summary>
    public string Root { get; }

    /// <summary>The region image URIs name.</summary>
    public string Region { get; }

    /// <summary>The account image URIs name.</summary>
    public string AccountId { get; }

    /// <summary>The URI of <paramref name="repositoryAndTag"/> (<c>repo:tag</c>) in this account and region.</summary>
    public string UriOf(string repositoryAndTag) => ImageReference.Parse(repositoryAndTag).ToUri(AccountId, Region);

    /// <summary>Publishes a .NET project (<c>dotnet publish -c Release</c>) as image <paramref name="repositoryAndTag"/>.</summary>
    public Task<LocalImage> PublishAsync(string projectPath, string repositoryAndTag, CancellationToken cancellationToken = default) =>
        PublishAsync(projectPath, repositoryAndTag, null, cancellationToken);

    /// <summary>Publishes a .NET project as image <paramref name="repositoryAndTag"/> (<c>repo:tag</c>, or an image URI of
    /// this account and region), replacing the image with that tag once the build has succeeded; the build's output
    /// lines go to the options' progress and writer as they come.</summary>
    public async Task<LocalImage> PublishAsync(string projectPath, string repositoryAndTag, ImagePublishOptions? options, CancellationToken cancellationToken = default)
    {
        options ??= new ImagePublishOptions();
        var reference = CheckAccountAndRegion(ImageReference.Parse(repositoryAndTag), repositoryAndTag);
        var project = Path.GetFullPath(projectPath);
        if (!File.Exists(project) && !Directory.Exists(project))
            throw new FileNotFoundException($"No .NET project at {project}.", project);

        var gate = _publishing.GetOrAdd(reference.ToString(), _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        var staging = Path.Combine(Root, StagingFolder, Guid.NewGuid().ToString("N"));
        try
        {
            var program = Path.Combine(staging, ProgramFolder);
            Directory.CreateDirectory(program);
            // Two processes (a test run and a notebook kernel) building the same project at once would race on its obj/.
            await using (await ProjectBuildLock.AcquireAsync(project, cancellationToken).ConfigureAwait(false))
                await DotnetPublish.RunAsync(project, program, options, BuildCache, cancellationToken).ConfigureAwait(false);

            return Commit(staging, reference, options, project, program);
        }
        finally
        {
            TryDelete(staging);
            gate.Release();
        }
    }

    /// <summary>Makes an already-published program folder image <paramref name="repositoryAndTag"/> (what a local
    /// CodeBuild build's <c>stepwise-image push</c> hands over): the folder is moved in, a manifest written beside it, and
    /// the tag replaced once the image is complete.</summary>
    public LocalImage Import(string programFolder, string repositoryAndTag, ImagePublishOptions? options = null, string? project = null)
    {
        options ??= new ImagePublishOptions();
        var reference = CheckAccountAndRegion(ImageReference.Parse(repositoryAndTag), repositoryAndTag);
        if (!Directory.Exists(programFolder))
            throw new DirectoryNotFoundException($"No published program at {programFolder}.");
        var staging = Path.Combine(Root, StagingFolder, Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(staging);
            var program = Path.Combine(staging, ProgramFolder);
            Directory.Move(Path.GetFullPath(programFolder), program);
            return Commit(staging, reference, options, project ?? programFolder, program);
        }
        finally
        {
            TryDelete(staging);
        }
    }

    /// <summary>Deletes the image a tag names; false when there was none.</summary>
    public bool Delete(ImageReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var folder = FolderOf(reference);
        if (!File.Exists(Path.Combine(folder, ManifestFile)))
            return false;
        var doomed = Path.Combine(Root, StagingFolder, Guid.NewGuid().ToString("N") + "-deleted");
        Directory.CreateDirectory(Path.GetDirectoryName(doomed)!);
        Directory.Move(folder, doomed); // one rename: the tag is gone at once; the files after
        TryDelete(doomed);
        return true;
    }

    private LocalImage Commit(string staging, ImageReference reference, ImagePublishOptions options, string project, string program)
    {
        var manifest = new ImageManifest
        {
            EntryPoints = options.EntryPoints ?? DefaultEntryPoints(program, project),
            Environment = options.Environment ?? new Dictionary<string, string>(),
            Project = project,
            Created = _time.GetUtcNow(),
        };
        File.WriteAllText(Path.Combine(staging, ManifestFile), JsonSerializer.Serialize(manifest, ImagesJsonContext.Default.ImageManifest));

        var target = FolderOf(reference);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        // Two renames on one file system: the new image is complete before it takes the tag; a job already running
        // from the old one keeps its open files (Linux unlinks, it does not pull them away).
        string? old = null;
        if (Directory.Exists(target))
        {
            old = staging + "-replaced";
            Directory.Move(target, old);
        }
        Directory.Move(staging, target);
        if (old is not null) TryDelete(old);
        return Load(reference, target);
    }

    /// <summary>The image a URI (or <c>repo:tag</c>) names, or <see cref="ImageNotFoundException"/> with the URI.</summary>
    public LocalImage Resolve(string imageUri) =>
        TryResolve(imageUri, out var reason) ?? throw new ImageNotFoundException(imageUri, reason!);

    /// <summary>The image a URI (or <c>repo:tag</c>) names, or null.</summary>
    public LocalImage? TryResolve(string imageUri) => TryResolve(imageUri, out _);

    /// <summary>Every image, by repository then tag.</summary>
    public IReadOnlyList<LocalImage> List()
    {
        if (!Directory.Exists(Root)) return [];
        var images = new List<LocalImage>();
        foreach (var manifest in Directory.EnumerateFiles(Root, ManifestFile, SearchOption.AllDirectories))
        {
            var folder = Path.GetDirectoryName(manifest)!;
            var relative = Path.GetRelativePath(Root, folder).Replace(Path.DirectorySeparatorChar, '/');
            var slash = relative.LastIndexOf('/');
            if (relative.StartsWith(StagingFolder, StringComparison.Ordinal) || slash <= 0) continue;
            images.Add(Load(new ImageReference(relative[..slash], relative[(slash + 1)..]), folder));
        }
        return [.. images.OrderBy(i => i.Reference.Repository, StringComparer.Ordinal).ThenBy(i => i.Reference.Tag, StringComparer.Ordinal)];
    }

    private LocalImage? TryResolve(string imageUri, out string? reason)
    {
        ImageReference reference;
        try
        {
            reference = ImageReference.Parse(imageUri);
        }
        catch (FormatException e)
        {
            reason = $"Image {imageUri} does not exist: {e.Message}";
            return null;
        }
        if (reference.Account is { } account && (account != AccountId || reference.Region != Region))
        {
            reason = $"Image {imageUri} does not exist: the local cloud's images are in account {AccountId}, region {Region} ({reference.ToUri(AccountId, Region)}).";
            return null;
        }
        var folder = FolderOf(reference);
        if (!File.Exists(Path.Combine(folder, ManifestFile)))
        {
            reason = $"Image {reference.ToUri(AccountId, Region)} does not exist: no local image {reference} (publish one with cloud.Local.Images.PublishAsync(project, \"{reference}\")).";
            return null;
        }
        reason = null;
        return Load(reference, folder);
    }

    private ImageReference CheckAccountAndRegion(ImageReference reference, string given) =>
        reference.Account is { } account && (account != AccountId || reference.Region != Region)
            ? throw new ArgumentException($"{given} is not in the local cloud's account {AccountId} and region {Region}.", nameof(given))
            : reference;

    private string FolderOf(ImageReference reference) =>
        Path.Combine([Root, .. reference.Repository.Split('/'), reference.Tag]);

    private LocalImage Load(ImageReference reference, string folder)
    {
        var manifest = JsonSerializer.Deserialize(File.ReadAllText(Path.Combine(folder, ManifestFile)), ImagesJsonContext.Default.ImageManifest)
            ?? throw new InvalidDataException($"{Path.Combine(folder, ManifestFile)} is empty.");
        if (manifest.FormatVersion > ImageManifest.CurrentFormatVersion)
            throw new InvalidDataException($"Image {reference} was written by a newer Stepwise (manifest format {manifest.FormatVersion}; this one reads {ImageManifest.CurrentFormatVersion}).");
        return new LocalImage(reference.ToUri(AccountId, Region), reference, folder, manifest);
    }

    /// <summary><c>dotnet &lt;Assembly&gt;.dll train|serve</c>: the one program of the publish output (its runtimeconfig names it).</summary>
    private static Dictionary<string, ImageEntryPoint> DefaultEntryPoints(string program, string project)
    {
        var configs = Directory.GetFiles(program, "*.runtimeconfig.json");
        if (configs.Length != 1)
            throw new ImagePublishException(configs.Length == 0
                ? $"{project} published no runnable program (no *.runtimeconfig.json): an image needs an executable project (<OutputType>Exe</OutputType>)."
                : $"{project} published several programs ({string.Join(", ", configs.Select(Path.GetFileName))}); give the entry points in ImagePublishOptions.EntryPoints.");
        var assembly = Path.GetFileName(configs[0])[..^".runtimeconfig.json".Length] + ".dll";
        return new Dictionary<string, ImageEntryPoint>(StringComparer.Ordinal)
        {
            ["train"] = new("dotnet", [assembly, "train"]),
            ["serve"] = new("dotnet", [assembly, "serve"]),
        };
    }

    /// <summary>Deletes a folder if it can; what cannot be deleted now is left for the next clean-up.</summary>
    internal static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
