using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Vision.Model;

/// <summary>
/// torchvision's resnet_fpn_backbone: body (ResNet stem + layer1..4: TorchVision's resnet modules, or a
/// <see cref="BasicResNet"/> when <see cref="MaskRCNNOptions.BackboneBlocks"/> is set) and fpn.
/// </summary>
public sealed class BackboneWithFPN : nn.Module<Tensor, List<Tensor>>
{
    private static readonly string[] BodyChildren = ["conv1", "bn1", "relu", "maxpool", "layer1", "layer2", "layer3", "layer4"];
    private readonly List<(string Name, nn.Module<Tensor, Tensor> Module)> _body = [];
    private readonly FeaturePyramidNetwork fpn;

    public long OutChannels { get; }

    public BackboneWithFPN(MaskRCNNOptions o) : base("BackboneWithFPN")
    {
        Func<int, nn.Module<Tensor, Tensor>>? norm = o.FrozenBatchNorm ? c => new FrozenBatchNorm2d(c) : null;
        nn.Module resnet = o.BackboneBlocks is { } blocks
            ? new BasicResNet(blocks, o.BackbonePadding, norm is null ? null : c => norm((int)c))
            : o.Backbone switch
        {
            "resnet18" => torchvision.models.resnet18(norm_layer: norm),
            "resnet34" => torchvision.models.resnet34(norm_layer: norm),
            "resnet50" => torchvision.models.resnet50(norm_layer: norm),
            "resnet101" => torchvision.models.resnet101(norm_layer: norm),
            _ => torchvision.models.resnet152(norm_layer: norm),
        };
        var children = resnet.named_children().ToDictionary(c => c.name, c => c.module);
        var body = new BodyModule();
        foreach (var name in BodyChildren)
        {
            var m = (nn.Module<Tensor, Tensor>)children[name];
            body.Add(name, m);
            _body.Add((name, m));
        }
        register_module("body", body);
        bool deep = o.Backbone is "resnet50" or "resnet101" or "resnet152";
        long stage2 = deep ? 256 : 64;
        fpn = new FeaturePyramidNetwork([stage2, stage2 * 2, stage2 * 4, stage2 * 8], o.FpnOutChannels);
        register_module("fpn", fpn);
        OutChannels = o.FpnOutChannels;

        // torchvision: only the last TrainableBackboneLayers stages train (5 adds bn1 of the stem).
        var train = new[] { "layer4", "layer3", "layer2", "layer1", "conv1" }.Take(o.TrainableBackboneLayers).ToList();
        if (o.TrainableBackboneLayers == 5) train.Add("bn1");
        foreach (var (name, p) in body.named_parameters())
            if (!train.Any(t => name.StartsWith(t, StringComparison.Ordinal))) p.requires_grad = false;
    }

    /// <summary>Image batch → FPN levels '0','1','2','3','pool' (strides 4…64).</summary>
    public override List<Tensor> forward(Tensor x)
    {
        var levels = new List<Tensor>();
        foreach (var (name, m) in _body)
        {
            x = m.call(x);
            if (name.StartsWith("layer", StringComparison.Ordinal)) levels.Add(x);
        }
        return fpn.call(levels);
    }

    private sealed class BodyModule() : nn.Module("IntermediateLayerGetter")
    {
        public void Add(string name, nn.Module m) => register_module(name, m);
    }
}
