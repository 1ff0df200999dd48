using System.Diagnostics;
using System.Security.Cryptography;
using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Vision.Tests.Reference;

/// <summary>
/// Runs the Python scripts next to this file (torchvision 0.14 from Debian's python3-torchvision) and loads what they
/// write; cached by script hash so a second run costs nothing. Tests that need it use <see cref="TorchvisionFactAttribute"/>.
/// </summary>
public static class ReferenceData
{
    /// <summary>The interpreter with Debian's torch/torchvision; STEPWISE_PYTHON overrides it (an invalid path makes the reference tests skip).</summary>
    public static readonly string Python = Environment.GetEnvironmentVariable("STEPWISE_PYTHON") is { Length: > 0 } p ? p : "/usr/bin/python3";

    private const string Install = "apt-get -o DPkg::Lock::Timeout=300 update && apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends python3-torch python3-torchvision";

    private static readonly Lazy<string?> Unavailable = new(() =>
    {
        try
        {
            var (code, output) = Run("-c \"import torchvision\"", Directory.GetCurrentDirectory());
            if (code != 0 && TryInstallReference()) (code, output) = Run("-c \"import torchvision\"", Directory.GetCurrentDirectory());
            return code == 0 ? null : $"{Python} cannot import torchvision (sudo {Install}): {output.Trim()}";
        }
        catch (Exception e) { return $"{Python} not runnable: {e.Message}"; }
    });

    /// <summary>The test command installs what it needs: as root, with the default interpreter, Debian's torch and
    /// torchvision (about a minute, once). Elsewhere the reference tests skip and say how to install them.</summary>
    private static bool TryInstallReference()
    {
        if (Environment.UserName != "root" || Environment.GetEnvironmentVariable("STEPWISE_PYTHON") is { Length: > 0 } || !File.Exists("/usr/bin/apt-get"))
            return false;
        var start = new ProcessStartInfo("/bin/sh", ["-c", Install]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10))) process.Kill(entireProcessTree: true);
        Task.WaitAll(stdout, stderr);
        return process.ExitCode == 0;
    }

    /// <summary>Why the reference cannot run, or null when it can.</summary>
    public static string? WhyUnavailable => Unavailable.Value;

    public static string ScriptDirectory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Stepwise.Vision.Tests.csproj"))) dir = dir.Parent;
            return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Test project folder not found."), "Reference");
        }
    }

    private static readonly object Gate = new();

    /// <summary>Path of the safetensors file written by <c>Reference/{script}.py</c> (run once per script content).</summary>
    public static string File_(string script, params string[] args)
    {
        lock (Gate)
        {
            var dir = ScriptDirectory;
            var text = File.ReadAllText(Path.Combine(dir, script + ".py")) + File.ReadAllText(Path.Combine(dir, "st.py")) + string.Join(" ", args);
            var hash = Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];
            var cache = Path.Combine(Path.GetTempPath(), "stepwise-vision-reference");
            Directory.CreateDirectory(cache);
            var path = Path.Combine(cache, $"{script}-{hash}.safetensors");
            if (!File.Exists(path))
            {
                var tmp = path + ".tmp";
                var (code, output) = Run($"{script}.py \"{tmp}\" {string.Join(" ", args)}", dir);
                if (code != 0) throw new InvalidOperationException($"Reference script {script}.py failed ({code}):\n{output}");
                File.Move(tmp, path, true);
            }
            return path;
        }
    }

    /// <summary>Loads the reference tensors of a script.</summary>
    public static Dictionary<string, Tensor> Load(string script, params string[] args) =>
        TorchSharp.PyBridge.Safetensors.LoadStateDict(File_(script, args));

    private static (int Code, string Output) Run(string arguments, string workingDirectory)
    {
        var psi = new ProcessStartInfo(Python, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["OMP_NUM_THREADS"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr);
    }
}

/// <summary>A fact that is skipped (not failed) when Debian's python3-torchvision is not installed.</summary>
public sealed class TorchvisionFactAttribute : FactAttribute
{
    public TorchvisionFactAttribute()
    {
        if (ReferenceData.WhyUnavailable is { } why) Skip = why;
    }
}

/// <summary>A theory that is skipped (not failed) when Debian's python3-torchvision is not installed.</summary>
public sealed class TorchvisionTheoryAttribute : TheoryAttribute
{
    public TorchvisionTheoryAttribute()
    {
        if (ReferenceData.WhyUnavailable is { } why) Skip = why;
    }
}
