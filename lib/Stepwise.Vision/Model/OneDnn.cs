using System.Runtime.InteropServices;

namespace Stepwise.Vision.Model;

/// <summary>
/// libtorch's oneDNN (mkldnn) CPU kernels, switched off for as long as any <see cref="Suspend"/> scope is open.
/// libtorch 2.10's oneDNN crashes with SIGFPE (integer divide by zero in brgemm_convolution_bwd_utils::brg_blocking_t::
/// est_eff_1x1) in the backward of some ResNet-50 1×1 convolutions on AVX-512 CPUs, killing the process; with oneDNN off,
/// convolutions use libtorch's native kernels. The switch underneath (at::Context, called directly: TorchSharp does not
/// expose it) is process-wide, so scopes are counted: oneDNN comes back when the last scope closes, and nothing turns it
/// on while another thread's scope is open (that thread's work is then slower, never wrong).
/// </summary>
public static class OneDnn
{
    private const string Lib = "libtorch_cpu";
    private static readonly Lock Gate = new();
    private static int _open;
    private static bool _enabledBefore;

    [DllImport(Lib, EntryPoint = "_ZN2at13globalContextEv")]
    private static extern IntPtr GlobalContext();

    [DllImport(Lib, EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    private static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [DllImport(Lib, EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static extern bool UserEnabledMkldnn(IntPtr context);

    /// <summary>Whether libtorch may use oneDNN kernels now (torch.backends.mkldnn.enabled).</summary>
    public static bool Enabled => UserEnabledMkldnn(GlobalContext());

    /// <summary>Number of <see cref="Suspend"/> scopes open in this process.</summary>
    public static int OpenScopes
    {
        get
        {
            lock (Gate) return _open;
        }
    }

    /// <summary>Switches oneDNN off until the returned scope (and every other open one) is disposed.</summary>
    public static IDisposable Suspend()
    {
        lock (Gate)
        {
            if (_open++ == 0)
            {
                _enabledBefore = Enabled;
                SetUserEnabledMkldnn(GlobalContext(), false);
            }
        }
        return new Suspension();
    }

    private static void Resume()
    {
        lock (Gate)
        {
            if (--_open == 0) SetUserEnabledMkldnn(GlobalContext(), _enabledBefore);
        }
    }

    private sealed class Suspension : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) Resume();
        }
    }
}
