using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Vision.Ops;

/// <summary>Box helpers of torchvision.ops.boxes that TorchVision for .NET lacks.</summary>
public static class BoxOps
{
    /// <summary>Clips boxes [..., 4] to an image of (height, width).</summary>
    public static Tensor ClipToImage(Tensor boxes, long height, long width)
    {
        using var scope = NewDisposeScope();
        var x = boxes[TensorIndex.Ellipsis, TensorIndex.Slice(0, null, 2)].clamp(0, width);
        var y = boxes[TensorIndex.Ellipsis, TensorIndex.Slice(1, null, 2)].clamp(0, height);
        return stack([x, y], -1).reshape(boxes.shape).MoveToOuterDisposeScope();
    }

    /// <summary>Indices of boxes [N,4] whose sides are both ≥ minSize.</summary>
    public static Tensor RemoveSmall(Tensor boxes, double minSize)
    {
        using var scope = NewDisposeScope();
        var ws = boxes[.., 2] - boxes[.., 0];
        var hs = boxes[.., 3] - boxes[.., 1];
        return ((ws >= minSize) & (hs >= minSize)).nonzero().view(-1).MoveToOuterDisposeScope();
    }

    /// <summary>Pairwise IoU [N,M] (torchvision.ops.box_iou).</summary>
    public static Tensor Iou(Tensor boxes1, Tensor boxes2) => torchvision.ops.box_iou(boxes1, boxes2);

    /// <summary>Areas [N].</summary>
    public static Tensor Area(Tensor boxes) => (boxes[.., 2] - boxes[.., 0]) * (boxes[.., 3] - boxes[.., 1]);

    /// <summary>torchvision's resize_boxes: scales boxes from (h,w) to (h',w').</summary>
    public static Tensor Resize(Tensor boxes, (long H, long W) original, (long H, long W) resized)
    {
        using var scope = NewDisposeScope();
        var rh = tensor((float)resized.H, device: boxes.device) / tensor((float)original.H, device: boxes.device);
        var rw = tensor((float)resized.W, device: boxes.device) / tensor((float)original.W, device: boxes.device);
        var xmin = boxes[.., 0] * rw;
        var xmax = boxes[.., 2] * rw;
        var ymin = boxes[.., 1] * rh;
        var ymax = boxes[.., 3] * rh;
        return stack([xmin, ymin, xmax, ymax], 1).MoveToOuterDisposeScope();
    }
}
