using System.Diagnostics;
using System.Text.Json.Nodes;
using Stepwise.Local.Hosting;
using Stepwise.Local.StepFunctions;

namespace Stepwise.Benchmarks.StepFunctions;

/// <summary>Our side of (c) in a process of its own, as the peer's node server is and as <c>stepwise local</c> runs for
/// users: this program started again with <see cref="Argument"/>, serving <c>LocalCloudHost</c> over
/// <c>LocalStepFunctions</c> (SQLite in a fresh data directory) until its stdin closes. The benchmark's HTTP client then
/// no longer shares a process (its JIT, GC and thread pool) with the server it measures.</summary>
public sealed class LocalServer : IDisposable
{
    public const string Argument = "--serve-local";

    private readonly Process _process;
    private readonly string _directory;

    private LocalServer(Process process, Uri uri, string directory)
    {
        _process = process;
        Uri = uri;
        _directory = directory;
    }

    public Uri Uri { get; }

    public static LocalServer Start()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"stepwise-bench-{Guid.NewGuid():N}");
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("The benchmark's own path is unknown.");
        var info = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") info.ArgumentList.Add(typeof(LocalServer).Assembly.Location);
        info.ArgumentList.Add(Argument);
        info.ArgumentList.Add(directory);
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the local server process.");
        var line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException($"The local server exited: {process.StandardError.ReadToEnd()}");
        return new LocalServer(process, new Uri(JsonNode.Parse(line)!["uri"]!.GetValue<string>()), directory);
    }

    /// <summary>The child's side: serves until stdin closes (the parent deletes the data directory, a crashed child's too).</summary>
    public static async Task<int> ServeAsync(string directory)
    {
        await using (var local = new LocalStepFunctions(new LocalStepFunctionsOptions { DataDirectory = directory }))
        await using (var host = await LocalCloudHost.StartAsync(local))
        {
            Console.WriteLine(new JsonObject { ["uri"] = host.Uri.ToString() }.ToJsonString());
            Console.Out.Flush();
            await Console.In.ReadToEndAsync();
        }
        return 0;
    }

    public void Dispose()
    {
        _process.StandardInput.Close();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(30))) _process.Kill(entireProcessTree: true);
        _process.Dispose();
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }
}
