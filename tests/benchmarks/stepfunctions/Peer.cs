using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Stepwise.Benchmarks.StepFunctions;

/// <summary>The npm package <c>aws-local-stepfunctions</c>, installed on first use into
/// <c>${STEPWISE_CACHE:-~/.cache/stepwise}/npm-bench</c> and run by <c>harness/bench.mjs</c> in a child node process.</summary>
public sealed class Peer
{
    public const string Package = "aws-local-stepfunctions";
    public const string Version = "3.0.0";

    private Peer(string folder, string nodeVersion)
    {
        Folder = folder;
        NodeVersion = nodeVersion;
    }

    /// <summary>The npm prefix the package is installed under.</summary>
    public string Folder { get; }

    public string NodeVersion { get; }

    private static string Script => Path.Combine(AppContext.BaseDirectory, "harness", "bench.mjs");

    public static Peer Install()
    {
        var cache = Environment.GetEnvironmentVariable("STEPWISE_CACHE") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "stepwise");
        var folder = Path.Combine(cache, "npm-bench");
        Directory.CreateDirectory(folder);
        if (!File.Exists(Path.Combine(folder, "node_modules", Package, "package.json")))
        {
            Console.Error.WriteLine($"installing {Package}@{Version} into {folder} …");
            Run("npm", $"install --prefix \"{folder}\" {Package}@{Version} --no-audit --no-fund --loglevel=error", folder);
        }
        return new Peer(folder, Run("node", "--version", folder).Trim());
    }

    /// <summary>Runs <paramref name="definition"/> on <paramref name="input"/> for <see cref="Warmup"/>, then
    /// <paramref name="repeats"/> times; returns each timed run's milliseconds and a summary of the last output.</summary>
    public (IReadOnlyList<double> RunsMs, JsonNode? Summary) Run(JsonObject definition, JsonNode input, int repeats)
    {
        var spec = Path.Combine(Path.GetTempPath(), $"stepwise-bench-{Guid.NewGuid():N}.json");
        File.WriteAllText(spec, new JsonObject { ["definition"] = definition.DeepClone(), ["input"] = input.DeepClone(), ["repeats"] = repeats, ["warmupMs"] = Warmup.Milliseconds }.ToJsonString());
        try
        {
            var result = JsonNode.Parse(Run("node", $"\"{Script}\" run \"{spec}\"", Folder))!;
            return ([.. result["runsMs"]!.AsArray().Select(t => t!.GetValue<double>())], result["summary"]?.DeepClone());
        }
        finally
        {
            File.Delete(spec);
        }
    }

    /// <summary>Starts the harness's awsJson server (CreateStateMachine / StartExecution / DescribeExecution over the
    /// package); dispose the returned server to stop it.</summary>
    public PeerServer Serve()
    {
        var process = Process.Start(Info("node", $"\"{Script}\" serve", Folder, redirectInput: true))
                      ?? throw new InvalidOperationException("Could not start node.");
        var line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException($"The peer server exited: {process.StandardError.ReadToEnd()}");
        var port = JsonNode.Parse(line)!["port"]!.GetValue<int>();
        return new PeerServer(process, new Uri($"http://127.0.0.1:{port}/"));
    }

    private static ProcessStartInfo Info(string file, string arguments, string folder, bool redirectInput = false)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        info.Environment["BENCH_MODULES"] = folder;
        return info;
    }

    private static string Run(string file, string arguments, string folder)
    {
        using var process = Process.Start(Info(file, arguments, folder))
                            ?? throw new InvalidOperationException($"Could not start {file}; install Node.js and npm.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10))) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"'{file} {arguments}' failed with exit code {process.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }
}

/// <summary>The running peer server; disposing closes its stdin, which ends it.</summary>
public sealed class PeerServer(Process process, Uri uri) : IDisposable
{
    public Uri Uri { get; } = uri;

    public void Dispose()
    {
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(5))) process.Kill(entireProcessTree: true);
        process.Dispose();
    }
}
