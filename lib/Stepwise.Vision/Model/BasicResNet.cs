using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Vision.Model;

/// <summary>
/// A ResNet of <see cref="BasicBlock"/>s with any number of blocks per stage and either padding of its strided layers:
/// torchvision's resnet18/34 (2-2-2-2 / 3-4-6-3, <see cref="StridedPadding.Symmetric"/>) or CNTK's ImageNet ResNet-18
/// (2-2-2-3, <see cref="StridedPadding.BeginHeavy"/>). Children and state_dict keys are torchvision's (conv1, bn1, relu,
/// maxpool, layer1…layer4); there is no avgpool/fc, as a detection backbone needs none.
/// </summary>
public sealed class BasicResNet : nn.Module<Tensor, Tensor>
{
    private static readonly long[] StageChannels = [64, 128, 256, 512];

    private readonly nn.Module<Tensor, Tensor> conv1;
    private readonly nn.Module<Tensor, Tensor> bn1;
    private readonly nn.Module<Tensor, Tensor> relu;
    private readonly nn.Module<Tensor, Tensor> maxpool;
    private readonly nn.Module<Tensor, Tensor> layer1;
    private readonly nn.Module<Tensor, Tensor> layer2;
    private readonly nn.Module<Tensor, Tensor> layer3;
    private readonly nn.Module<Tensor, Tensor> layer4;

    /// <summary>Blocks in layer1…layer4.</summary>
    public IReadOnlyList<int> BlocksPerStage { get; }

    /// <summary>
    /// Builds a randomly initialised network (torchvision's initialisation). <paramref name="norm"/> makes the batch
    /// norms (BatchNorm2d when null; FrozenBatchNorm2d for a frozen pretrained backbone).
    /// </summary>
    public BasicResNet(IReadOnlyList<int> blocksPerStage, StridedPadding padding, Func<long, nn.Module<Tensor, Tensor>>? norm = null) : base(nameof(BasicResNet))
    {
        if (blocksPerStage.Count != 4 || blocksPerStage.Any(b => b < 1))
            throw new ArgumentException($"A ResNet has four stages of at least one block each; got [{string.Join(",", blocksPerStage)}].", nameof(blocksPerStage));
        BlocksPerStage = [.. blocksPerStage];
        norm ??= c => nn.BatchNorm2d(c);
        bool begin = padding == StridedPadding.BeginHeavy;
        conv1 = new PaddedConv2d(3, 64, 7, 2, 3, begin ? 2 : 3);
        bn1 = norm(64);
        relu = nn.ReLU(inplace: true);
        maxpool = new PaddedMaxPool2d(3, 2, 1, begin ? 0 : 1);
        var stages = new nn.Module<Tensor, Tensor>[4];
        long inChannels = 64;
        for (int s = 0; s < 4; s++)
        {
            var blocks = new List<(string, nn.Module<Tensor, Tensor>)>();
            for (int b = 0; b < blocksPerStage[s]; b++)
            {
                blocks.Add((b.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    new BasicBlock(inChannels, StageChannels[s], b == 0 && s > 0 ? 2 : 1, padding, norm)));
                inChannels = StageChannels[s];
            }
            stages[s] = nn.Sequential(blocks);
        }
        (layer1, layer2, layer3, layer4) = (stages[0], stages[1], stages[2], stages[3]);
        RegisterComponents();
        // torchvision: BatchNorm weight 1, bias 0 (TorchSharp's default too; FrozenBatchNorm2d starts so).
    }

    /// <summary>Image batch [N,3,H,W] → layer4's output [N,512,H/32,W/32] (C5).</summary>
    public override Tensor forward(Tensor x)
    {
        x = maxpool.call(relu.call(bn1.call(conv1.call(x))));
        return layer4.call(layer3.call(layer2.call(layer1.call(x))));
    }
}
