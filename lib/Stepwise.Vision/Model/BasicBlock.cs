using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Vision.Model;

/// <summary>
/// torchvision's ResNet BasicBlock (conv1, bn1, relu, conv2, bn2, downsample.0/1: the same state_dict keys), with the
/// stride-2 first convolution padded as <see cref="StridedPadding"/> says.
/// </summary>
public sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> conv1;
    private readonly nn.Module<Tensor, Tensor> bn1;
    private readonly nn.Module<Tensor, Tensor> relu;
    private readonly nn.Module<Tensor, Tensor> conv2;
    private readonly nn.Module<Tensor, Tensor> bn2;
    private readonly nn.Module<Tensor, Tensor>? downsample;

    public BasicBlock(long inChannels, long channels, long stride, StridedPadding padding, Func<long, nn.Module<Tensor, Tensor>> norm) : base(nameof(BasicBlock))
    {
        long after = stride > 1 && padding == StridedPadding.BeginHeavy ? 0 : 1;
        conv1 = new PaddedConv2d(inChannels, channels, 3, stride, 1, after);
        bn1 = norm(channels);
        relu = nn.ReLU(inplace: true);
        conv2 = new PaddedConv2d(channels, channels, 3, 1, 1, 1);
        bn2 = norm(channels);
        if (stride != 1 || inChannels != channels)
            downsample = nn.Sequential(("0", new PaddedConv2d(inChannels, channels, 1, stride, 0, 0)), ("1", norm(channels)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var identity = downsample is null ? x : downsample.call(x);
        var y = relu.call(bn1.call(conv1.call(x)));
        y = bn2.call(conv2.call(y));
        return relu.call(y.add_(identity));
    }
}
