using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Vision;

/// <summary>Tensor contents as a flat .NET array.</summary>
public static class TensorArrays
{
    /// <summary>
    /// The elements in row-major order, copied to the CPU first (the copies it makes are disposed here). An empty
    /// tensor gives an empty array: TorchSharp's own <c>data&lt;T&gt;().ToArray()</c> throws on a tensor with a zero
    /// dimension such as [0,4] (a prediction with no detections).
    /// </summary>
    public static T[] ToArray<T>(this Tensor tensor) where T : unmanaged
    {
        if (tensor.numel() == 0)
            return [];
        using var scope = NewDisposeScope();
        return tensor.cpu().contiguous().data<T>().ToArray();
    }
}
