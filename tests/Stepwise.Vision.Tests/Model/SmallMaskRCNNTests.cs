using Stepwise.Vision.Model;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Stepwise.Vision.Tests.Model;

/// <summary>The Small configuration end to end on a tiny synthetic batch (pure C#, no reference needed).</summary>
public class SmallMaskRCNNTests(ITestOutputHelper log)
{
    /// <summary>Two images with bright rectangles on a dark noisy background, one instance per rectangle.</summary>
    internal static (List<Tensor> Images, List<Target> Targets) SyntheticBatch()
    {
        var gen = new Generator(7);
        var images = new List<Tensor>();
        var targets = new List<Target>();
        int[][][] rects = [[[10, 12, 60, 70], [70, 20, 120, 60]], [[30, 30, 90, 90]]];
        foreach (var r in rects)
        {
            var img = rand(3, 96, 128, generator: gen) * 0.2f;
            var masks = zeros(r.Length, 96, 128, ScalarType.Byte);
            var boxes = new List<float>();
            for (int k = 0; k < r.Length; k++)
            {
                var (x1, y1, x2, y2) = (r[k][0], r[k][1], r[k][2], r[k][3]);
                img[.., TensorIndex.Slice(y1, y2), TensorIndex.Slice(x1, x2)] = tensor(new[] { 0.9f, 0.5f - 0.3f * k, 0.2f }).view(3, 1, 1);
                masks[k, TensorIndex.Slice(y1, y2), TensorIndex.Slice(x1, x2)] = 1;
                boxes.AddRange([x1, y1, x2, y2]);
            }
            images.Add(img);
            targets.Add(new Target(tensor(boxes.ToArray()).view(-1, 4), ones(r.Length, ScalarType.Int64), masks));
        }
        return (images, targets);
    }

    [Fact]
    public void Training_mode_returns_the_five_torchvision_losses_with_gradients()
    {
        manual_seed(0);
        using var model = MaskRCNN.Create(MaskRCNNOptions.Small());
        model.train();
        var (images, targets) = SyntheticBatch();
        var losses = model.forward(images, targets);
        Assert.Equal(new[] { "loss_box_reg", "loss_classifier", "loss_mask", "loss_objectness", "loss_rpn_box_reg" }, losses.Keys.Order());
        Assert.All(losses.Values, l => Assert.True(float.IsFinite(l.item<float>()) && l.item<float>() >= 0));
        losses.Values.Aggregate((a, b) => a + b).backward();
        var grads = model.named_parameters().Where(p => p.parameter.requires_grad).ToList();
        Assert.All(grads, p => Assert.True(p.parameter.grad is not null, $"{p.name} has no gradient"));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Training_on_a_tiny_batch_decreases_the_objectness_loss()
    {
        manual_seed(0);
        using var model = MaskRCNN.Create(MaskRCNNOptions.Small());
        model.train();
        var (images, targets) = SyntheticBatch();
        var optimizer = optim.SGD(model.parameters().Where(p => p.requires_grad), 0.01, momentum: 0.9);
        var totals = new List<float>();
        var objectness = new List<float>();
        for (int step = 0; step < 6; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var losses = model.forward(images, targets);
            var total = losses.Values.Aggregate((a, b) => a + b);
            total.backward();
            optimizer.step();
            totals.Add(total.item<float>());
            objectness.Add(losses[LossNames.Objectness].item<float>());
            log.WriteLine($"step {step}: " + string.Join(", ", losses.Select(kv => $"{kv.Key}={kv.Value.item<float>():F4}")));
        }
        Assert.All(totals, t => Assert.True(float.IsFinite(t)));
        // From random weights on two images the mask loss swings step to step; the RPN's objectness loss is the steady signal.
        Assert.True(objectness[^1] < 0.9f * objectness[0], $"objectness loss did not decrease: {string.Join(" → ", objectness)}");
    }

    [Fact]
    public void Predict_returns_detections_in_the_original_image_size()
    {
        manual_seed(0);
        using var model = MaskRCNN.Create(MaskRCNNOptions.Small() with { BoxScoreThresh = 0f });
        var (images, _) = SyntheticBatch();
        var dets = model.Predict(images);
        Assert.Equal(2, dets.Count);
        foreach (var (d, img) in dets.Zip(images))
        {
            long n = d.Count;
            Assert.True(n > 0);
            Assert.Equal(new long[] { n, 4 }, d.Boxes.shape);
            Assert.Equal(new long[] { n }, d.Labels.shape);
            Assert.Equal(ScalarType.Int64, d.Labels.dtype);
            Assert.Equal(new long[] { n, 1, img.shape[1], img.shape[2] }, d.Masks.shape);
            Assert.True(d.Boxes[.., 2].max().item<float>() <= img.shape[2] + 1e-3);
            Assert.True(d.Masks.min().item<float>() >= 0 && d.Masks.max().item<float>() <= 1);
        }
    }

    [Fact]
    public void Save_then_Load_restores_every_weight()
    {
        manual_seed(0);
        using var a = MaskRCNN.Create(MaskRCNNOptions.Small());
        manual_seed(1);
        using var b = MaskRCNN.Create(MaskRCNNOptions.Small());
        var path = Path.Combine(Path.GetTempPath(), $"small-{Guid.NewGuid():N}.safetensors");
        try
        {
            a.Save(path);
            b.Load(path);
            var sb = b.state_dict();
            foreach (var (k, v) in a.state_dict()) Assert.True((v == sb[k]).all().item<bool>(), k);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Load_names_the_missing_keys_when_the_file_is_another_configuration()
    {
        using var small = MaskRCNN.Create(MaskRCNNOptions.Small());
        using var other = MaskRCNN.Create(MaskRCNNOptions.Small() with { MaskLayers = [128, 128, 128] });
        var path = Path.Combine(Path.GetTempPath(), $"small-{Guid.NewGuid():N}.safetensors");
        try
        {
            small.Save(path);
            var e = Assert.Throws<StateDictMismatchException>(() => other.Load(path));
            Assert.Contains("roi_heads.mask_head.2.0.weight", e.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Options_are_validated_with_the_option_name()
    {
        var e = Assert.Throws<ArgumentException>(() => MaskRCNN.Create(MaskRCNNOptions.Small() with { Backbone = "vgg16" }));
        Assert.Contains("Backbone", e.Message);
    }
}
