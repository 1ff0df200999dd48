using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Vision.Model;

/// <summary>torchvision's FeaturePyramidNetwork (inner_blocks.i.0 1×1, layer_blocks.i.0 3×3) with LastLevelMaxPool ('pool' = max_pool2d(k=1, s=2) of the last level).</summary>
public sealed class FeaturePyramidNetwork : nn.Module<List<Tensor>, List<Tensor>>
{
    private readonly nn.Module<Tensor, Tensor>[] _inner;
    private readonly nn.Module<Tensor, Tensor>[] _layer;

    public FeaturePyramidNetwork(long[] inChannels, long outChannels) : base("FeaturePyramidNetwork")
    {
        var inner = new TorchSharp.Modules.ModuleList<nn.Module<Tensor, Tensor>>();
        var layer = new TorchSharp.Modules.ModuleList<nn.Module<Tensor, Tensor>>();
        foreach (var c in inChannels)
        {
            inner.Add(nn.Sequential(("0", nn.Conv2d(c, outChannels, 1))));
            layer.Add(nn.Sequential(("0", nn.Conv2d(outChannels, outChannels, 3, padding: 1))));
        }
        register_module("inner_blocks", inner);
        register_module("layer_blocks", layer);
        _inner = inner.ToArray();
        _layer = layer.ToArray();
        using (no_grad())
        {
            foreach (var (name, p) in named_parameters())
            {
                if (name.EndsWith("weight")) nn.init.kaiming_uniform_(p, a: 1);
                else nn.init.constant_(p, 0);
            }
        }
    }

    /// <summary>Backbone levels (finest first) → FPN levels '0'..'3' plus 'pool'.</summary>
    public override List<Tensor> forward(List<Tensor> x)
    {
        int n = x.Count;
        var lastInner = _inner[n - 1].call(x[n - 1]);
        var results = new List<Tensor> { _layer[n - 1].call(lastInner) };
        for (int i = n - 2; i >= 0; i--)
        {
            var lateral = _inner[i].call(x[i]);
            var topDown = nn.functional.interpolate(lastInner, [lateral.shape[2], lateral.shape[3]], mode: InterpolationMode.Nearest);
            lastInner = lateral + topDown;
            results.Insert(0, _layer[i].call(lastInner));
        }
        results.Add(nn.functional.max_pool2d(results[^1], 1, 2, 0));
        return results;
    }
}
