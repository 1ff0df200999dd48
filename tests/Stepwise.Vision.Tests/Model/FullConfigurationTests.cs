using Stepwise.Vision.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Vision.Tests.Model;

/// <summary>The torchvision-sized network (ResNet-50-FPN, 512 sampled RoIs) through one training step on small images.</summary>
[Trait("Category", "Slow")]
public class FullConfigurationTests
{
    [Fact]
    public void ResNet50_FPN_training_step_gives_finite_losses()
    {
        manual_seed(0);
        using var model = MaskRCNN.Create(MaskRCNNOptions.TorchvisionNoWeights(2) with { MinSize = 192, MaxSize = 256 });
        model.train();
        var (images, targets) = SmallMaskRCNNTests.SyntheticBatch();
        var losses = model.forward(images, targets);
        var total = losses.Values.Aggregate((a, b) => a + b);
        total.backward();
        Assert.True(float.IsFinite(total.item<float>()));
    }
}
