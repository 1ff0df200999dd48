using Stepwise.Vision.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Vision.Tests.Model;

public class BackboneTests
{
    [Fact]
    public void Pretrained_style_backbone_uses_FrozenBatchNorm_and_trains_only_the_last_three_stages()
    {
        using var model = MaskRCNN.Create(new MaskRCNNOptions { NumClasses = 2, Backbone = "resnet18", TrainableBackboneLayers = 3 });
        var keys = model.state_dict().Keys.ToHashSet();
        Assert.Contains("backbone.body.bn1.running_var", keys);
        Assert.Contains("backbone.body.layer1.0.bn1.weight", keys);
        Assert.DoesNotContain(keys, k => k.EndsWith("num_batches_tracked"));
        var trainable = model.named_parameters().Where(p => p.parameter.requires_grad).Select(p => p.name).ToList();
        Assert.DoesNotContain(trainable, n => n.StartsWith("backbone.body.layer1.") || n.StartsWith("backbone.body.conv1."));
        Assert.Contains("backbone.body.layer2.0.conv1.weight", trainable);
        Assert.Contains("backbone.fpn.inner_blocks.0.0.weight", trainable);
    }

    [Fact]
    public void Fpn_gives_five_levels_at_strides_4_to_64()
    {
        using var model = MaskRCNN.Create(MaskRCNNOptions.Small());
        model.eval();
        using var noGrad = no_grad();
        var backbone = (BackboneWithFPN)model.named_children().Single(c => c.name == "backbone").module;
        var levels = backbone.call(zeros(1, 3, 128, 192));
        Assert.Equal([32L, 16, 8, 4, 2], levels.Select(l => l.shape[2]));
        Assert.All(levels, l => Assert.Equal(128, l.shape[1]));
    }

    [Fact]
    public void Transform_resizes_short_side_to_MinSize_capped_by_MaxSize_and_pads_to_32()
    {
        var t = new GeneralizedRCNNTransform(new MaskRCNNOptions { MinSize = 800, MaxSize = 1333 });
        Assert.Equal((800L, 1066L), t.ResizedSize(240, 320));
        Assert.Equal((399L, 1333L), t.ResizedSize(300, 1000));   // floor(300 · 1.333), as torchvision
        var (batch, _) = t.forward([rand(3, 240, 320), rand(3, 100, 100)], null);
        Assert.Equal(new long[] { 2, 3, 800, 1088 }, batch.Tensors.shape);
        Assert.Equal((800L, 800L), batch.ImageSizes[1]);
    }
}
