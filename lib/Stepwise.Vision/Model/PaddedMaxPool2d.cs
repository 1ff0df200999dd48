using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Vision.Model;

/// <summary>A square max pool whose padding may differ before and after (ONNX's <c>pads</c>); padded cells never win (−∞).</summary>
public sealed class PaddedMaxPool2d(long kernel, long stride, long before, long after) : nn.Module<Tensor, Tensor>(nameof(PaddedMaxPool2d))
{
    public override Tensor forward(Tensor x)
    {
        if (before == after)
            return nn.functional.max_pool2d(x, [kernel, kernel], [stride, stride], [before, before]);
        var padded = nn.functional.pad(x, [before, after, before, after], value: double.NegativeInfinity);
        return nn.functional.max_pool2d(padded, [kernel, kernel], [stride, stride]);
    }
}
