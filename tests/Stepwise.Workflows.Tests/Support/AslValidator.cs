using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Stepwise.Workflows.Tests.Support;

/// <summary>The independent <c>asl-validator</c> npm package (4.0.0), installed on first use into a cache folder
/// (<c>$STEPWISE_CACHE</c>, else <c>~/.cache/stepwise</c>), run once per batch of definitions.</summary>
public static class AslValidator
{
    private const string Version = "4.0.0";
    private static readonly Lazy<string> Folder = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>For each definition: valid or not, and the validator's messages.</summary>
    public static IReadOnlyList<(bool IsValid, string Errors)> Validate(IReadOnlyList<JsonNode> definitions)
    {
        var folder = Folder.Value;
        var input = System.IO.Path.Combine(folder, $"batch-{Guid.NewGuid():N}.json");
        File.WriteAllText(input, new JsonArray([.. definitions.Select(d => d.DeepClone())]).ToJsonString());
        try
        {
            var output = Run("node", $"validate.js \"{input}\"", folder);
            return JsonNode.Parse(output)!.AsArray()
                .Select(r => (r!["isValid"]!.GetValue<bool>(), r["errors"]!.ToJsonString()))
                .ToList();
        }
        finally
        {
            File.Delete(input);
        }
    }

    private static string Install()
    {
        var cache = Environment.GetEnvironmentVariable("STEPWISE_CACHE") ??
                    System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "stepwise");
        var folder = System.IO.Path.Combine(cache, $"asl-validator-{Version}");
        Directory.CreateDirectory(folder);
        if (!File.Exists(System.IO.Path.Combine(folder, "node_modules", "asl-validator", "package.json")))
            Run("npm", $"install --prefix \"{folder}\" asl-validator@{Version} --no-audit --no-fund --loglevel=error", folder);
        File.WriteAllText(System.IO.Path.Combine(folder, "validate.js"), """
            const m = require('asl-validator');
            const validate = m.default || m;
            const defs = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
            process.stdout.write(JSON.stringify(defs.map(d => { const r = validate(d); return { isValid: r.isValid, errors: r.errors }; })));
            """);
        return folder;
    }

    private static string Run(string file, string arguments, string directory)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}; install Node.js and npm.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3))) process.Kill(true);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"'{file} {arguments}' failed with exit code {process.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }
}
