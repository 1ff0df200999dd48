using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Vision.Model;

/// <summary>torchvision's MaskRCNNPredictor: conv5_mask (ConvTranspose 2×2, stride 2) + ReLU, mask_fcn_logits (1×1, one map per class).</summary>
public sealed class MaskRCNNPredictor : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.ConvTranspose2d conv5_mask;
    private readonly TorchSharp.Modules.Conv2d mask_fcn_logits;

    public MaskRCNNPredictor(long inChannels, long dimReduced, long numClasses) : base("MaskRCNNPredictor")
    {
        conv5_mask = nn.ConvTranspose2d(inChannels, dimReduced, 2, stride: 2);
        mask_fcn_logits = nn.Conv2d(dimReduced, numClasses, 1);
        RegisterComponents();
        using (no_grad())
        {
            foreach (var (name, p) in named_parameters())
            {
                if (name.Contains("weight")) nn.init.kaiming_normal_(p, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
                else nn.init.constant_(p, 0);
            }
        }
    }

    public override Tensor forward(Tensor x) => mask_fcn_logits.call(nn.functional.relu(conv5_mask.call(x)));
}
