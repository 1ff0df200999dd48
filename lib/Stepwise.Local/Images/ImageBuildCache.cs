using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace Stepwise.Local.Images;

/// <summary>
/// The local stand-in for a Docker host's build cache: the output of a <c>dotnet publish</c> kept under the digest of
/// everything that went into it — the project and every project it references (their files, without <c>bin/</c> and
/// <c>obj/</c>, and the files their items take from elsewhere, such as shipped weights), the <c>Directory.Build.props</c> / <c>Directory.Packages.props</c> above them, the configuration and the
/// .NET runtime — so that publishing the same source again (from the repository, or from a CodeBuild build's copy of
/// it) reuses that output instead of compiling and copying libtorch again, as <c>docker build</c> answers "CACHED".
/// Machine-wide, like a Docker daemon's: <c>STEPWISE_BUILD_CACHE</c>, else <c>$XDG_CACHE_HOME/stepwise/image-builds</c>,
/// else <c>~/.cache/stepwise/image-builds</c>; the newest <see cref="Keep"/> entries are kept. Images get the cached
/// files as hard links where the file system allows (copies elsewhere), so an image stays whole if the cache is cleared.
/// </summary>
public sealed class ImageBuildCache(string root)
{
    /// <summary>How many cached outputs are kept (the oldest are removed beyond it).</summary>
    public const int Keep = 4;

    private const string CompleteMarker = ".complete";

    /// <summary>Where the entries are.</summary>
    public string Root { get; } = root;

    /// <summary>The machine's cache (see the type's summary), or null when <c>STEPWISE_BUILD_CACHE</c> is <c>off</c>.</summary>
    public static ImageBuildCache? Default()
    {
        var configured = Environment.GetEnvironmentVariable("STEPWISE_BUILD_CACHE");
        if (string.Equals(configured, "off", StringComparison.OrdinalIgnoreCase))
            return null;
        if (!string.IsNullOrWhiteSpace(configured))
            return new ImageBuildCache(configured);
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var baseFolder = string.IsNullOrWhiteSpace(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")
            : xdg;
        return new ImageBuildCache(Path.Combine(baseFolder, "stepwise", "image-builds"));
    }

    /// <summary>The digest of what a publish of <paramref name="project"/> in <paramref name="configuration"/> reads.</summary>
    public static string DigestOf(string project, string configuration)
    {
        var projects = ProjectClosure.Of(project);
        var files = new SortedSet<string>(StringComparer.Ordinal);
        var top = Path.GetDirectoryName(projects[0])!;
        foreach (var file in BuildProps(projects).Concat(ProjectClosure.ExternalFiles(projects)))
        {
            files.Add(file);
            top = CommonFolder(top, Path.GetDirectoryName(file)!);
        }
        foreach (var each in projects)
        {
            top = CommonFolder(top, Path.GetDirectoryName(each)!);
            files.UnionWith(ProjectClosure.SourceFiles(each));
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text) => hash.AppendData(Encoding.UTF8.GetBytes(text + "\n"));
        Add($"configuration={configuration}");
        Add($"runtime={RuntimeInformation.FrameworkDescription}");
        foreach (var file in files)
        {
            // Paths relative to the folder that holds all of them: the repository and a build's copy of it agree.
            Add(Path.GetRelativePath(top, file).Replace(Path.DirectorySeparatorChar, '/'));
            hash.AppendData(SHA256.HashData(File.ReadAllBytes(file)));
        }
        Add("main=" + Path.GetRelativePath(top, projects[0]).Replace(Path.DirectorySeparatorChar, '/'));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The cached output of <paramref name="digest"/>, or null.</summary>
    public string? Find(string digest)
    {
        var folder = Path.Combine(Root, digest);
        if (!File.Exists(Path.Combine(folder, CompleteMarker)))
            return null;
        Directory.SetLastWriteTimeUtc(folder, DateTime.UtcNow); // most recently used
        return Path.Combine(folder, "app");
    }

    /// <summary>Keeps a copy of <paramref name="output"/> (a finished publish) under <paramref name="digest"/>; a cache
    /// that cannot be written is skipped (the build itself succeeded).</summary>
    public void Store(string digest, string output)
    {
        var staging = Path.Combine(Root, $".{digest}.{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(staging);
            LinkOrCopy(output, Path.Combine(staging, "app"));
            File.WriteAllText(Path.Combine(staging, CompleteMarker), DateTime.UtcNow.ToString("O"));
            var entry = Path.Combine(Root, digest);
            if (Directory.Exists(entry))
                return; // another build stored the same output meanwhile
            Directory.Move(staging, entry);
            Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        finally
        {
            LocalImages.TryDelete(staging);
        }
    }

    /// <summary>Fills <paramref name="destination"/> with <paramref name="source"/>'s files: hard links when the file
    /// system allows, copies otherwise.</summary>
    public static void LinkOrCopy(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var folder in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(destination, Path.GetRelativePath(source, folder)));
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            if (OperatingSystem.IsWindows() || HardLink(file, target) != 0)
            {
                File.Copy(file, target, overwrite: true);
                if (!OperatingSystem.IsWindows())
                    File.SetUnixFileMode(target, File.GetUnixFileMode(file));
            }
        }
    }

    private void Trim()
    {
        var entries = new DirectoryInfo(Root).GetDirectories()
            .Where(d => !d.Name.StartsWith('.') && File.Exists(Path.Combine(d.FullName, CompleteMarker)))
            .OrderByDescending(d => d.LastWriteTimeUtc)
            .Skip(Keep);
        foreach (var old in entries)
            LocalImages.TryDelete(old.FullName);
    }

    /// <summary>The Directory.Build.props / .targets, Directory.Packages.props (and global.json, NuGet.config) MSBuild reads above the projects.</summary>
    public static IEnumerable<string> BuildProps(IEnumerable<string> projects)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var project in projects)
            for (var folder = new DirectoryInfo(Path.GetDirectoryName(project)!); folder is not null; folder = folder.Parent)
                foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", "NuGet.config", "nuget.config" })
                    if (File.Exists(Path.Combine(folder.FullName, name)))
                        found.Add(Path.Combine(folder.FullName, name));
        return found;
    }

    private static string CommonFolder(string a, string b)
    {
        var left = Path.GetFullPath(a).TrimEnd(Path.DirectorySeparatorChar).Split(Path.DirectorySeparatorChar);
        var right = Path.GetFullPath(b).TrimEnd(Path.DirectorySeparatorChar).Split(Path.DirectorySeparatorChar);
        var common = left.Zip(right).TakeWhile(p => p.First == p.Second).Count();
        var joined = string.Join(Path.DirectorySeparatorChar, left[..common]);
        return joined.Length == 0 ? Path.DirectorySeparatorChar.ToString() : joined;
    }

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int HardLink(string existing, string created);
}
