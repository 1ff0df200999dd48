using Stepwise.Vision.Ops;
using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Vision.Tests.Ops;

/// <summary>Pure C# properties of the ops; they run without the Python reference.</summary>
public class OpsPropertyTests
{
    [Fact]
    public void Nms_suppresses_overlaps_above_threshold_and_keeps_the_best_first()
    {
        float[] boxes = [0, 0, 10, 10, 1, 1, 11, 11, 20, 20, 30, 30, 0, 0, 10, 10];
        float[] scores = [0.5f, 0.9f, 0.3f, 0.9f];
        Assert.Equal([1, 2], Nms.Keep(boxes, scores, 0.5f));
        Assert.Equal([1, 3, 2], Nms.Keep(boxes, scores, 0.5f, [0, 1, 0, 0]));
    }

    [Fact]
    public void Nms_on_no_boxes_keeps_nothing()
    {
        Assert.Empty(Nms.Keep([], [], 0.5f));
        Assert.Equal(0, Nms.Apply(zeros(0, 4), zeros(0), 0.5).numel());
    }

    [Fact]
    public void BoxCoder_decode_inverts_encode()
    {
        var coder = new BoxCoder(10, 10, 5, 5);
        var prop = tensor(new float[] { 0, 0, 10, 20, 5, 5, 50, 30 }).reshape(2, 4);
        var gt = tensor(new float[] { 1, 2, 12, 18, 0, 10, 40, 35 }).reshape(2, 4);
        var back = coder.Decode(coder.Encode(gt, prop), prop).reshape(2, 4);
        Assert.True((back - gt).abs().max().item<float>() < 1e-4f);
    }

    [Fact]
    public void RoiAlign_of_a_constant_map_is_that_constant_inside_the_image()
    {
        var x = full(1, 2, 8, 8, 3f);
        var rois = tensor(new float[] { 0, 1, 1, 6, 5, 0, 0, 0, 7, 7 }).reshape(2, 5);
        var y = RoiAlign.Apply(x, rois, 3, 3, 1.0, 2);
        Assert.True((y - 3f).abs().max().item<float>() < 1e-5f);
    }

    [Fact]
    public void Sampler_respects_batch_size_and_positive_fraction()
    {
        var labels = cat([ones(100, ScalarType.Int64), zeros(300, ScalarType.Int64), full(50, -1L, ScalarType.Int64)]);
        var (pos, neg) = new BalancedPositiveNegativeSampler(64, 0.25f).Sample([labels]);
        Assert.Equal(16, pos[0].sum().item<long>());
        Assert.Equal(48, neg[0].sum().item<long>());
        Assert.Equal(0, (pos[0] & (labels != 1)).sum().item<long>());
    }

    [Fact]
    public void Level_mapper_sends_224_pixel_boxes_to_level_4()
    {
        var pool = new MultiScaleRoIAlign(7, 2);
        var levels = pool.MapLevels([tensor(new float[] { 0, 0, 224, 224, 0, 0, 32, 32, 0, 0, 900, 900 }).reshape(3, 4)], [0.25, 0.125, 0.0625, 0.03125]);
        Assert.Equal([2L, 0L, 3L], levels.data<long>().ToArray());
    }
}
