using System.Runtime.InteropServices;

namespace Stepwise.Vision.Model;

/// <summary>
/// Process-wide switch for libtorch's oneDNN (mkldnn) CPU kernels. libtorch 2.10's oneDNN crashes with SIGFPE
/// (integer divide by zero in brgemm_convolution_bwd_utils::brg_blocking_t::est_eff_1x1) in the backward of some
/// ResNet-50 1×1 convolutions on AVX-512 CPUs, killing the process; with oneDNN off, convolutions use libtorch's
/// native kernels. TorchSharp does not expose the switch, so this calls at::Context directly.
/// </summary>
public static class OneDnn
{
    private const string Lib = "libtorch_cpu";

    [DllImport(Lib, EntryPoint = "_ZN2at13globalContextEv")]
    private static extern IntPtr GlobalContext();

    [DllImport(Lib, EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    private static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [DllImport(Lib, EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static extern bool UserEnabledMkldnn(IntPtr context);

    /// <summary>Whether libtorch may use oneDNN kernels (torch.backends.mkldnn.enabled).</summary>
    public static bool Enabled
    {
        get => UserEnabledMkldnn(GlobalContext());
        set => SetUserEnabledMkldnn(GlobalContext(), value);
    }
}
