using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Vision.Model;

/// <summary>torchvision 0.14's MaskRCNNHeads: Sequential of Conv2dNormActivation (i.0 = 3×3 conv, i.1 = ReLU), keys mask_head.i.0.*.</summary>
public static class MaskRCNNHeads
{
    public static nn.Module<Tensor, Tensor> Create(long inChannels, int[] layers, int dilation)
    {
        var blocks = new List<(string, nn.Module<Tensor, Tensor>)>();
        long next = inChannels;
        for (int i = 0; i < layers.Length; i++)
        {
            var conv = nn.Conv2d(next, layers[i], 3, padding: dilation, dilation: dilation);
            using (no_grad())
            {
                nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
                nn.init.constant_(conv.bias!, 0);
            }
            blocks.Add((i.ToString(), nn.Sequential(("0", conv), ("1", nn.ReLU()))));
            next = layers[i];
        }
        return nn.Sequential(blocks);
    }
}
