using System.Runtime.InteropServices;

namespace Stepwise.Container.Runtime;

/// <summary>
/// glibc malloc settings for <c>serve</c> and <c>train</c>. libtorch takes every tensor from malloc; with glibc's defaults a freed block above
/// the (dynamic) mmap threshold goes back to the kernel and the top of each arena is trimmed, so every request faults its
/// working set (the FPN features, the RoI features, 100 full-size masks) in again, zeroed page by page, and with several
/// predictions in one process their munmaps and page faults serialise on the process's memory map lock. Measured under
/// the serving benchmark's load: 0.88 s of kernel time per request against 0.40 s for a gunicorn worker process.
/// Keeping freed memory in the arenas (trim threshold and top pad raised; mmap threshold at glibc's maximum, fixed) lets
/// the next request reuse it. Training repeats the same pattern every iteration (activations and gradients freed and
/// faulted in again): in back-to-back runs of the vision benchmark the training step went from 1.01× torchvision's time
/// to 0.93–0.98× (two runs). Only on Linux with glibc; elsewhere nothing happens.
/// </summary>
public static class MallocTuning
{
    const int M_TRIM_THRESHOLD = -1;
    const int M_TOP_PAD = -2;
    const int M_MMAP_THRESHOLD = -3;

    [DllImport("libc", EntryPoint = "mallopt")]
    static extern int MallOpt(int param, int value);

    /// <summary>The variable that keeps glibc's defaults when set to <c>0</c> (for comparisons).</summary>
    public const string SwitchVariable = "STEPWISE_MALLOC_TUNING";

    /// <summary>What <c>serve</c> and <c>train</c> say on their first lines when the settings took effect.</summary>
    public const string InEffect = "freed memory kept in malloc's arenas";

    /// <summary>Applies the settings unless <see cref="SwitchVariable"/> is <c>0</c>; true when they took effect.</summary>
    public static bool ApplyUnlessDisabled() => Environment.GetEnvironmentVariable(SwitchVariable) != "0" && Apply();

    /// <summary>Applies the settings; returns false where glibc's mallopt is missing or refused them.</summary>
    public static bool Apply()
    {
        if (!OperatingSystem.IsLinux())
            return false;
        try
        {
            return MallOpt(M_MMAP_THRESHOLD, 32 << 20) == 1
                & MallOpt(M_TRIM_THRESHOLD, 1 << 30) == 1
                & MallOpt(M_TOP_PAD, 64 << 20) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
