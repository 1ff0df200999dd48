using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Vision.Model;

/// <summary>torchvision's FastRCNNPredictor: cls_score (classes) and bbox_pred (4 per class).</summary>
public sealed class FastRCNNPredictor : nn.Module<Tensor, (Tensor Scores, Tensor BboxDeltas)>
{
    private readonly nn.Module<Tensor, Tensor> cls_score;
    private readonly nn.Module<Tensor, Tensor> bbox_pred;

    public FastRCNNPredictor(long inChannels, long numClasses) : base("FastRCNNPredictor")
    {
        cls_score = nn.Linear(inChannels, numClasses);
        bbox_pred = nn.Linear(inChannels, numClasses * 4);
        RegisterComponents();
    }

    public override (Tensor Scores, Tensor BboxDeltas) forward(Tensor x)
    {
        x = x.flatten(1);
        return (cls_score.call(x), bbox_pred.call(x));
    }
}
