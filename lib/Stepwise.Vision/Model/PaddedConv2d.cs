using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Stepwise.Vision.Model;

/// <summary>
/// A bias-free square convolution whose padding may differ before and after (ONNX's <c>pads</c>), as an explicit
/// zero pad followed by a convolution with padding 0. Its only parameter is <c>weight</c>, so state_dict keys are those
/// of torchvision's <c>nn.Conv2d(..., bias=False)</c>.
/// </summary>
public sealed class PaddedConv2d : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly long _stride;
    private readonly long _before;
    private readonly long _after;

    /// <summary>Pads <paramref name="before"/> pixels at the top and left and <paramref name="after"/> at the bottom and right.</summary>
    public PaddedConv2d(long inChannels, long outChannels, long kernel, long stride, long before, long after) : base(nameof(PaddedConv2d))
    {
        weight = new Parameter(empty(outChannels, inChannels, kernel, kernel));
        // torchvision's ResNet initialisation of every convolution.
        nn.init.kaiming_normal_(weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
        _stride = stride;
        _before = before;
        _after = after;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        if (_before == _after)
            return nn.functional.conv2d(x, weight, strides: [_stride, _stride], padding: [_before, _before]);
        var padded = nn.functional.pad(x, [_before, _after, _before, _after]);
        return nn.functional.conv2d(padded, weight, strides: [_stride, _stride]);
    }
}
