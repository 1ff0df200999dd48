using System.Diagnostics;

namespace Stepwise.Local.Images;

/// <summary><c>dotnet publish</c> of a project, its lines streamed to the options' progress and writer, the same
/// source's output reused from a build cache.</summary>
public static class DotnetPublish
{
    /// <summary>Publishes <paramref name="project"/> into <paramref name="output"/>, or fills it from <paramref name="cache"/>'s
    /// output of the same source (said in the progress, as docker's <c>CACHED</c>); a new output is stored there.</summary>
    public static async Task RunAsync(string project, string output, ImagePublishOptions options, ImageBuildCache? cache, CancellationToken cancellationToken)
    {
        var digest = cache is not null && File.Exists(project) ? ImageBuildCache.DigestOf(project, options.Configuration + (options.RuntimeIdentifier is { } rid ? $"|self-contained {rid}" : "") + (options.AppHost ? "|apphost" : "")) : null;
        if (digest is not null && cache!.Find(digest) is { } cached)
        {
            var line = $"CACHED: {Path.GetFileName(project)} was published from this same source before (source sha256:{digest[..12]}…); reusing that output";
            options.Output?.WriteLine(line);
            options.Progress?.Report(line);
            ImageBuildCache.LinkOrCopy(cached, output);
            return;
        }
        await RunPublishAsync(project, output, options, cancellationToken).ConfigureAwait(false);
        if (digest is not null)
            cache!.Store(digest, output);
    }

    private static async Task RunPublishAsync(string project, string output, ImagePublishOptions options, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(DotnetHost.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] args = options.RuntimeIdentifier is { } runtime
            ? ["publish", project, "-c", options.Configuration, "-o", output, "-nologo", "-r", runtime, "--self-contained"]
            : ["publish", project, "-c", options.Configuration, "-o", output, "-nologo", $"-p:UseAppHost={(options.AppHost ? "true" : "false")}"];
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        // A publish started from inside a build or test run must not inherit that run's MSBuild settings.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            info.Environment.Remove(name);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(info) ?? throw new ImagePublishException($"Could not start {info.FileName} publish.");
        var tail = new Queue<string>();
        var gate = new Lock();
        void Line(string? line)
        {
            if (line is null) return;
            lock (gate)
            {
                tail.Enqueue(line);
                if (tail.Count > 30) tail.Dequeue();
                options.Output?.WriteLine(line);
            }
            options.Progress?.Report(line);
        }
        async Task PumpAsync(StreamReader reader)
        {
            while (await reader.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line)
                Line(line);
        }
        var pumps = Task.WhenAll(PumpAsync(process.StandardOutput), PumpAsync(process.StandardError));
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        await pumps.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            string last;
            lock (gate) last = string.Join(Environment.NewLine, tail);
            throw new ImagePublishException($"dotnet publish {project} failed (exit code {process.ExitCode}):{Environment.NewLine}{last}");
        }
    }
}
