using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using static TorchSharp.torch;

namespace Stepwise.Vision.Model;

/// <summary>Whether training steps may keep oneDNN on for their backward pass, and why.</summary>
/// <param name="Enabled">oneDNN in backward (about twice as fast on the CPU as libtorch's native convolution kernels).</param>
/// <param name="Reason">One line for a training log, e.g. "oneDNN backward enabled: probe passed on AMD EPYC … (cached …)".</param>
public sealed record OneDnnBackwardVerdict(bool Enabled, string Reason);

/// <summary>
/// Decides once per process whether oneDNN may run convolution backward passes. libtorch 2.10's oneDNN died with SIGFPE
/// (brgemm_convolution_bwd_utils::brg_blocking_t::est_eff_1x1) in a ResNet-50 backward on one AVX-512 machine and not on
/// others; a native SIGFPE kills the process, so it cannot be caught. The probe therefore runs in a child process: this
/// same program, started again with its own command line and <c>DOTNET_STARTUP_HOOKS</c> naming this assembly, whose
/// startup hook runs the probe's training steps with oneDNN on throughout (every convolution kind of the ResNet-50-FPN
/// Mask R-CNN, at the shape that crashed and one larger) and exits before the program's Main. Exit 0 → oneDNN in backward;
/// killed by a signal → off. The verdict is cached per CPU model, TorchSharp/libtorch build and thread count in
/// <c>$XDG_CACHE_HOME/stepwise/onednn-backward/</c> (else <c>~/.cache/stepwise/…</c>), so it costs once per machine.
/// <c>STEPWISE_ONEDNN_BACKWARD=on|off</c> decides without a probe.
/// </summary>
public static class OneDnnBackward
{
    /// <summary>on / off: decide without probing (anything else, or unset: the cached probe).</summary>
    public const string Variable = "STEPWISE_ONEDNN_BACKWARD";

    internal const string ProbeVariable = "STEPWISE_ONEDNN_PROBE";
    internal const string ProbeThreadsVariable = "STEPWISE_ONEDNN_PROBE_THREADS";
    const string StartupHooks = "DOTNET_STARTUP_HOOKS";

    static readonly Lazy<OneDnnBackwardVerdict> Cached = new(() => Decide(CacheDirectory(), get_num_threads(), Environment.GetEnvironmentVariable(Variable)));

    /// <summary>This process's verdict (decided on first use; the probe takes a few seconds once per machine).</summary>
    public static OneDnnBackwardVerdict Verdict => Cached.Value;

    /// <summary>
    /// The verdict for <paramref name="threads"/> libtorch threads, using (and filling) the cache in
    /// <paramref name="cacheDirectory"/>; <paramref name="setting"/> is <see cref="Variable"/>'s value.
    /// </summary>
    public static OneDnnBackwardVerdict Decide(string cacheDirectory, int threads, string? setting) => Decide(cacheDirectory, threads, setting, "1");

    internal static OneDnnBackwardVerdict Decide(string cacheDirectory, int threads, string? setting, string probeMode)
    {
        switch (setting?.Trim().ToLowerInvariant())
        {
            case "on" or "1" or "true":
                return new(true, $"oneDNN backward enabled: {Variable}=on");
            case "off" or "0" or "false":
                return new(false, $"oneDNN backward disabled: {Variable}=off");
        }
        var cpu = CpuModel();
        var key = $"{cpu}|{BuildLabel}|threads={threads}|isa={Environment.GetEnvironmentVariable("ONEDNN_MAX_CPU_ISA")}";
        var file = Path.Combine(cacheDirectory, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16].ToLowerInvariant() + ".txt");
        try
        {
            if (File.Exists(file) && File.ReadAllLines(file) is [var verdict, var reason, ..] && verdict is "on" or "off")
                return new(verdict == "on", $"{reason} (cached in {file})");
        }
        catch (IOException)
        {
        }
        var (enabled, line, cacheable) = Probe(threads, cpu, probeMode);
        if (cacheable)
        {
            try
            {
                Directory.CreateDirectory(cacheDirectory);
                var tmp = file + "." + Environment.ProcessId + ".tmp";
                File.WriteAllText(tmp, $"{(enabled ? "on" : "off")}\n{line}\n{key}\n");
                File.Move(tmp, file, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
        return new(enabled, line);
    }

    /// <summary><c>$XDG_CACHE_HOME/stepwise/onednn-backward</c>, else <c>~/.cache/stepwise/onednn-backward</c>.</summary>
    public static string CacheDirectory()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache") : xdg;
        return Path.Combine(root, "stepwise", "onednn-backward");
    }

    static string BuildLabel => "TorchSharp " + (typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "?");

    internal static string CpuModel()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
                if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':') is int i and > 0)
                    return line[(i + 1)..].Trim();
        }
        catch (IOException)
        {
        }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    static (bool Enabled, string Line, bool Cacheable) Probe(int threads, string cpu, string probeMode)
    {
        string[] commandLine;
        try
        {
            commandLine = File.ReadAllText("/proc/self/cmdline").Split('\0', StringSplitOptions.None);
            if (commandLine.Length > 0 && commandLine[^1].Length == 0) commandLine = commandLine[..^1];
        }
        catch (IOException)
        {
            return (false, "oneDNN backward disabled: no probe on this system (no /proc/self/cmdline)", false);
        }
        var exe = Environment.ProcessPath;
        if (exe is null || commandLine.Length == 0)
            return (false, "oneDNN backward disabled: no probe (the program's path is unknown)", false);
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in commandLine.Skip(1)) psi.ArgumentList.Add(a);
        var hooks = Environment.GetEnvironmentVariable(StartupHooks);
        var self = typeof(OneDnnBackward).Assembly.Location;
        psi.Environment[StartupHooks] = string.IsNullOrEmpty(hooks) ? self : self + Path.PathSeparator + hooks;
        psi.Environment[ProbeVariable] = probeMode;
        psi.Environment[ProbeThreadsVariable] = threads.ToString(CultureInfo.InvariantCulture);
        psi.Environment[Variable] = "on";
        var clock = Stopwatch.StartNew();
        using var child = Process.Start(psi);
        if (child is null)
            return (false, "oneDNN backward disabled: the probe process could not start", false);
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        if (!child.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            try { child.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            return (false, "oneDNN backward disabled: the probe did not finish within 3 minutes", false);
        }
        child.WaitForExit();
        var seconds = clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture);
        var output = stdout.Result;
        if (child.ExitCode == 0 && output.Contains(ProbePassed, StringComparison.Ordinal))
        {
            var detail = output.Split('\n').First(l => l.Contains(ProbePassed, StringComparison.Ordinal))[ProbePassed.Length..].Trim().Trim('(', ')');
            return (true, $"oneDNN backward enabled: probe passed on {cpu} ({threads} threads, {seconds} s: {detail})", true);
        }
        if (child.ExitCode > 128 || child.ExitCode < 0)
        {
            int signal = child.ExitCode > 128 ? child.ExitCode - 128 : -child.ExitCode;
            return (false, $"oneDNN backward disabled: probe crashed with {SignalName(signal)} on {cpu} ({threads} threads)", true);
        }
        var why = (stderr.Result + output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
        return (false, $"oneDNN backward disabled: the probe failed (exit {child.ExitCode}{(why.Length > 0 ? ": " + why : "")})", false);
    }

    internal const string ProbePassed = "stepwise onednn probe: passed";

    static string SignalName(int signal) => signal switch
    {
        4 => "SIGILL",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        _ => $"signal {signal}",
    };

    /// <summary>
    /// The child's work, with oneDNN on for forward and backward: ResNet-50-FPN (BatchNorm, every stage trainable: the
    /// 7×7 s2 stem, 1×1 s1 and s2 bottleneck and projection convolutions, 3×3 s1/s2, FPN 1×1 lateral and 3×3 output
    /// convolutions) at 2×3×192×256 (the size whose first training step crashed), then the RPN head's and the
    /// mask head's 3×3 convolutions, the ConvTranspose and the 1×1 logits on 8 RoIs of 14×14.
    /// </summary>
    internal static void RunProbe()
    {
        var clock = Stopwatch.StartNew();
        if (Environment.GetEnvironmentVariable(ProbeThreadsVariable) is { } t && int.TryParse(t, CultureInfo.InvariantCulture, out int threads) && threads > 0)
            set_num_threads(threads);
        if (Environment.GetEnvironmentVariable(ProbeVariable) == "selftest-sigfpe")
        {
            // What oneDNN's fault does to the process: SIGFPE with its default action (the runtime ignores a sent one).
            Signal(8, IntPtr.Zero);
            Raise(8);
        }
        TorchSharp.torch.random.manual_seed(0);
        using var backbone = new BackboneWithFPN(MaskRCNNOptions.TorchvisionNoWeights(2));
        using var heads = MaskRCNNHeads.Create(backbone.OutChannels, [256, 256], 1);
        using var predictor = new MaskRCNNPredictor(256, 256, 2);
        backbone.train();
        var built = clock.Elapsed.TotalSeconds;
        using (NewDisposeScope())
        {
            var features = backbone.call(rand(2, 3, 192, 256));
            features.Select(f => f.mean()).Aggregate((x, y) => x + y).backward();
        }
        var trunk = clock.Elapsed.TotalSeconds;
        using (NewDisposeScope())
        {
            var rois = rand(8, 256, 14, 14, requires_grad: true);
            predictor.call(heads.call(rois)).mean().backward();
        }
        var end = clock.Elapsed.TotalSeconds;
        Console.WriteLine(FormattableString.Invariant($"{ProbePassed} (model built in {built:F1} s, ResNet-50-FPN forward+backward {trunk - built:F1} s, mask head {end - trunk:F1} s)"));
    }

    [DllImport("libc", EntryPoint = "signal")]
    static extern IntPtr Signal(int signal, IntPtr handler);

    [DllImport("libc", EntryPoint = "raise")]
    static extern int Raise(int signal);
}
