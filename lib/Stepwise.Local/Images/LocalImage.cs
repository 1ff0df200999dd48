using System.Diagnostics;

namespace Stepwise.Local.Images;

/// <summary>A published local image: its URI, where it lies (<c>{data}/images/{repository}/{tag}/</c>) and its manifest.</summary>
public sealed record LocalImage(string Uri, ImageReference Reference, string Directory, ImageManifest Manifest)
{
    /// <summary>The folder its processes start in.</summary>
    public string WorkingDirectory => Path.GetFullPath(Path.Combine(Directory, Manifest.WorkingDirectory));

    /// <summary>The named entry point (<c>train</c>, <c>serve</c>), or an error naming the ones the image has.</summary>
    public ImageEntryPoint EntryPoint(string name) =>
        Manifest.EntryPoints.TryGetValue(name, out var entryPoint)
            ? entryPoint
            : throw new InvalidOperationException(
                $"Image {Uri} has no '{name}' entry point (it has: {string.Join(", ", Manifest.EntryPoints.Keys)}).");

    /// <summary>How to start the named entry point: the command (<c>dotnet</c> resolved to this host's), its arguments
    /// plus <paramref name="extraArgs"/>, the working directory and the image's environment; output redirected.</summary>
    public ProcessStartInfo StartInfo(string entryPoint, IEnumerable<string>? extraArgs = null)
    {
        var command = EntryPoint(entryPoint);
        var info = new ProcessStartInfo(command.Command == "dotnet" ? DotnetHost.Path : command.Command)
        {
            WorkingDirectory = WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in command.Args.Concat(extraArgs ?? []))
            info.ArgumentList.Add(arg);
        foreach (var (name, value) in Manifest.Environment)
            info.Environment[name] = value;
        return info;
    }
}
