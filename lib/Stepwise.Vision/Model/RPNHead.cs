using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Vision.Model;

/// <summary>torchvision's RPNHead: conv.0.0 (3×3 + ReLU), cls_logits (A), bbox_pred (4A), shared across levels.</summary>
public sealed class RPNHead : nn.Module<List<Tensor>, (List<Tensor> Logits, List<Tensor> BboxReg)>
{
    private readonly nn.Module<Tensor, Tensor> conv;
    private readonly nn.Module<Tensor, Tensor> cls_logits;
    private readonly nn.Module<Tensor, Tensor> bbox_pred;

    public RPNHead(long inChannels, long numAnchors) : base("RPNHead")
    {
        conv = nn.Sequential(("0", nn.Sequential(("0", nn.Conv2d(inChannels, inChannels, 3, padding: 1)), ("1", nn.ReLU()))));
        cls_logits = nn.Conv2d(inChannels, numAnchors, 1);
        bbox_pred = nn.Conv2d(inChannels, numAnchors * 4, 1);
        RegisterComponents();
        using (no_grad())
        {
            foreach (var (name, p) in named_parameters())
            {
                if (name.EndsWith("weight")) nn.init.normal_(p, std: 0.01);
                else nn.init.constant_(p, 0);
            }
        }
    }

    public override (List<Tensor> Logits, List<Tensor> BboxReg) forward(List<Tensor> features)
    {
        var logits = new List<Tensor>();
        var reg = new List<Tensor>();
        foreach (var f in features)
        {
            var t = conv.call(f);
            logits.Add(cls_logits.call(t));
            reg.Add(bbox_pred.call(t));
        }
        return (logits, reg);
    }
}
