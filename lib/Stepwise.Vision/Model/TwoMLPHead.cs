using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Vision.Model;

/// <summary>torchvision's TwoMLPHead: flatten, fc6 + ReLU, fc7 + ReLU.</summary>
public sealed class TwoMLPHead : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> fc6;
    private readonly nn.Module<Tensor, Tensor> fc7;

    public TwoMLPHead(long inChannels, long representationSize) : base("TwoMLPHead")
    {
        fc6 = nn.Linear(inChannels, representationSize);
        fc7 = nn.Linear(representationSize, representationSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => nn.functional.relu(fc7.call(nn.functional.relu(fc6.call(x.flatten(1)))));
}
