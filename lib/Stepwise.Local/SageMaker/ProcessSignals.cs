using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Stepwise.Local.SageMaker;

/// <summary>SIGTERM, as <c>docker stop</c> sends it (.NET's Process only kills); where there are no signals, a kill.</summary>
internal static class ProcessSignals
{
    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    public static void Terminate(Process process)
    {
        if (OperatingSystem.IsWindows())
        {
            KillTree(process);
            return;
        }
        try
        {
            Kill(process.Id, SigTerm);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            KillTree(process);
        }
    }

    public static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
