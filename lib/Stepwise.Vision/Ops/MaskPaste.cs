using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Vision.Ops;

/// <summary>torchvision's paste_masks_in_image: each M×M mask probability map, padded by one pixel, resized bilinearly into its (expanded, integer) box.</summary>
public static class MaskPaste
{
    /// <summary>masks [N,1,M,M], boxes [N,4] in image coordinates → [N,1,height,width].</summary>
    public static Tensor PasteInImage(Tensor masks, Tensor boxes, long height, long width, int padding = 1)
    {
        long n = masks.shape[0];
        if (n == 0) return zeros(0, 1, height, width, masks.dtype, masks.device);
        using var scope = NewDisposeScope();
        long m = masks.shape[^1];
        double scale = (double)(m + 2 * padding) / m;
        var padded = nn.functional.pad(masks, [padding, padding, padding, padding]);
        var b = ExpandBoxes(boxes, scale).to(ScalarType.Int64).cpu().ToArray<long>();
        var result = zeros(n, 1, height, width, masks.dtype, masks.device);
        for (int i = 0; i < n; i++)
        {
            long bx0 = b[4 * i], by0 = b[4 * i + 1], bx1 = b[4 * i + 2], by1 = b[4 * i + 3];
            long w = Math.Max(bx1 - bx0 + 1, 1), h = Math.Max(by1 - by0 + 1, 1);
            long x0 = Math.Max(bx0, 0), x1 = Math.Min(bx1 + 1, width);
            long y0 = Math.Max(by0, 0), y1 = Math.Min(by1 + 1, height);
            if (x1 <= x0 || y1 <= y0) continue;
            var resized = nn.functional.interpolate(padded[i..(i + 1)], [h, w], mode: InterpolationMode.Bilinear, align_corners: false)[0, 0];
            result[i, 0, TensorIndex.Slice(y0, y1), TensorIndex.Slice(x0, x1)] = resized[TensorIndex.Slice(y0 - by0, y1 - by0), TensorIndex.Slice(x0 - bx0, x1 - bx0)];
        }
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>Boxes scaled about their centres (torchvision's expand_boxes).</summary>
    public static Tensor ExpandBoxes(Tensor boxes, double scale)
    {
        using var scope = NewDisposeScope();
        var wHalf = (boxes[.., 2] - boxes[.., 0]) * 0.5f * scale;
        var hHalf = (boxes[.., 3] - boxes[.., 1]) * 0.5f * scale;
        var xc = (boxes[.., 2] + boxes[.., 0]) * 0.5f;
        var yc = (boxes[.., 3] + boxes[.., 1]) * 0.5f;
        return stack([xc - wHalf, yc - hHalf, xc + wHalf, yc + hHalf], 1).MoveToOuterDisposeScope();
    }
}
