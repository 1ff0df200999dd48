using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Vision.Ops;

/// <summary>
/// torchvision's <c>roi_align</c> built from <c>grid_sample</c>: bilinear samples at the bin centres of a sampling grid,
/// clamped to the feature map as roi_align clamps them, zeroed when further out than one pixel, then averaged per bin.
/// Differentiable with respect to the input.
/// </summary>
public static class RoiAlign
{
    /// <summary>
    /// input [N,C,H,W]; rois [K,5] (batch index, x1, y1, x2, y2) in image coordinates; returns [K,C,outH,outW].
    /// samplingRatio &lt;= 0 means adaptive (ceil(roi size / output size)), as in torchvision.
    /// </summary>
    public static Tensor Apply(Tensor input, Tensor rois, long outH, long outW, double spatialScale, int samplingRatio, bool aligned = false)
    {
        long k = rois.shape[0];
        long c = input.shape[1];
        if (k == 0) return zeros(0, c, outH, outW, input.dtype, input.device);
        using var scope = NewDisposeScope();
        // Coordinates in float32, or in float64 for a float64 input (torchvision's kernel computes in the input's type).
        var r = rois.detach().to(input.dtype == ScalarType.Float64 ? ScalarType.Float64 : ScalarType.Float32);
        var batch = r[.., 0].to(ScalarType.Int64);
        double offset = aligned ? 0.5 : 0.0;
        var x1 = r[.., 1] * spatialScale - offset;
        var y1 = r[.., 2] * spatialScale - offset;
        var x2 = r[.., 3] * spatialScale - offset;
        var y2 = r[.., 4] * spatialScale - offset;
        var roiW = x2 - x1;
        var roiH = y2 - y1;
        if (!aligned)
        {
            roiW = roiW.clamp_min(1.0);
            roiH = roiH.clamp_min(1.0);
        }

        if (samplingRatio > 0)
            return Interpolated(input, batch, x1, y1, roiW, roiH, outH, outW, samplingRatio).MoveToOuterDisposeScope();

        // Adaptive grids (mask targets): group RoIs that share an image and a sampling grid, one grid_sample call each.
        var batchArr = batch.cpu().ToArray<long>();
        int[] grH, grW;
        if (samplingRatio > 0)
        {
            grH = Enumerable.Repeat(samplingRatio, (int)k).ToArray();
            grW = grH;
        }
        else
        {
            grH = (roiH / outH).ceil().to(ScalarType.Int32).cpu().ToArray<int>();
            grW = (roiW / outW).ceil().to(ScalarType.Int32).cpu().ToArray<int>();
        }
        var groups = Enumerable.Range(0, (int)k).GroupBy(i => (batchArr[i], Math.Max(grH[i], 1), Math.Max(grW[i], 1)));
        var outs = new List<Tensor>();
        var order = new List<long>();
        foreach (var g in groups)
        {
            var idxArr = g.Select(i => (long)i).ToArray();
            var idx = tensor(idxArr, device: input.device);
            var (b, sh, sw) = g.Key;
            outs.Add(Sample(input[b].unsqueeze(0), x1.index_select(0, idx), y1.index_select(0, idx),
                roiW.index_select(0, idx), roiH.index_select(0, idx), outH, outW, sh, sw));
            order.AddRange(idxArr);
        }
        var all = outs.Count == 1 ? outs[0] : cat(outs, 0);
        var inverse = tensor(order.ToArray(), device: input.device).argsort();
        var result = all.index_select(0, inverse);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// roi_align with a fixed sampling grid as one sparse-dense product: bilinear interpolation is separable, so each
    /// output bin is a weighted sum of at most (2·grid)² feature pixels, with the weights of torchvision's kernel
    /// (samples further out than one pixel dropped, clamped to the map, the last row/column repeated at the edge).
    /// The [K·outH·outW, N·H·W] interpolation matrix times the channels-last features gives every RoI at once; autograd
    /// differentiates the product with respect to the features.
    /// </summary>
    private static Tensor Interpolated(Tensor input, Tensor batch, Tensor x1, Tensor y1, Tensor roiW, Tensor roiH, long outH, long outW, int grid)
    {
        long k = x1.shape[0];
        long n = input.shape[0], c = input.shape[1], h = input.shape[2], w = input.shape[3];
        var (yIdx, yWt) = AxisWeights(y1, roiH, outH, grid, h);            // [K,outH,2·grid]
        var (xIdx, xWt) = AxisWeights(x1, roiW, outW, grid, w);            // [K,outW,2·grid]
        long g2 = 2 * grid;
        var col = batch.view(k, 1, 1, 1, 1) * (h * w) + yIdx.view(k, outH, 1, g2, 1) * w + xIdx.view(k, 1, outW, 1, g2);
        var val = yWt.view(k, outH, 1, g2, 1) * xWt.view(k, 1, outW, 1, g2) * (1.0 / (grid * grid));
        var row = arange(k * outH * outW, ScalarType.Int64, input.device).view(k, outH, outW, 1, 1).expand_as(col);
        var indices = stack([row.reshape(-1), col.reshape(-1)], 0);
        using var matrix = sparse_coo_tensor(indices, val.reshape(-1).to(input.dtype), [k * outH * outW, n * h * w]);
        var features = input.permute(0, 2, 3, 1).reshape(n * h * w, c);
        return matrix.mm(features).view(k, outH, outW, c).permute(0, 3, 1, 2);
    }

    /// <summary>Feature indices and weights along one axis for every (RoI, bin, sample, low/high neighbour), as torchvision's bilinear_interpolate.</summary>
    private static (Tensor Index, Tensor Weight) AxisWeights(Tensor start, Tensor size, long bins, int grid, long limit)
    {
        long k = start.shape[0];
        var dt = start.dtype;
        var dev = start.device;
        var bin = (size / bins).view(k, 1, 1);
        var p = arange(bins, dt, dev).view(1, bins, 1);
        var i = (arange(grid, dt, dev) + 0.5).view(1, 1, grid);
        var y = start.view(k, 1, 1) + p * bin + i * (bin / grid);           // [K,bins,grid]
        var valid = ((y >= -1.0) & (y <= (double)limit)).to(dt);
        y = y.clamp_min(0.0);
        var low = y.floor();
        var atEdge = low >= (double)(limit - 1);
        var last = full_like(low, (double)(limit - 1));
        low = where(atEdge, last, low);
        var high = where(atEdge, last, low + 1);
        y = where(atEdge, low, y);
        var l = y - low;
        var index = stack([low, high], -1).to(ScalarType.Int64).view(k, bins, 2 * grid);
        var weight = stack([(1.0 - l) * valid, l * valid], -1).view(k, bins, 2 * grid);
        return (index, weight);
    }

    private static Tensor Sample(Tensor image, Tensor x1, Tensor y1, Tensor roiW, Tensor roiH, long outH, long outW, int sh, int sw)
    {
        long k = x1.shape[0];
        long h = image.shape[2], w = image.shape[3];
        var dev = image.device;
        var dt = x1.dtype;
        var binW = roiW / outW;
        var binH = roiH / outH;
        // x = x1 + p * bin + (i + .5) * bin / grid, as torchvision's kernel computes it.
        var pw = arange(outW, dt, dev).view(1, outW, 1);
        var ix = (arange(sw, dt, dev) + 0.5).view(1, 1, sw);
        var xs = x1.view(k, 1, 1) + pw * binW.view(k, 1, 1) + ix * (binW / sw).view(k, 1, 1);        // [K,outW,sw]
        var ph = arange(outH, dt, dev).view(1, outH, 1);
        var iy = (arange(sh, dt, dev) + 0.5).view(1, 1, sh);
        var ys = y1.view(k, 1, 1) + ph * binH.view(k, 1, 1) + iy * (binH / sh).view(k, 1, 1);        // [K,outH,sh]

        var validX = (xs >= -1.0) & (xs <= (double)w);
        var validY = (ys >= -1.0) & (ys <= (double)h);
        var valid = validY.view(k, outH, sh, 1, 1) & validX.view(k, 1, 1, outW, sw);             // [K,outH,sh,outW,sw]

        var gx = w > 1 ? xs.clamp(0, w - 1) * (2.0 / (w - 1)) - 1.0 : zeros_like(xs);
        var gy = h > 1 ? ys.clamp(0, h - 1) * (2.0 / (h - 1)) - 1.0 : zeros_like(ys);
        var gridX = gx.view(k, 1, 1, outW, sw).expand(k, outH, sh, outW, sw);
        var gridY = gy.view(k, outH, sh, 1, 1).expand(k, outH, sh, outW, sw);
        var grid = stack([gridX, gridY], -1).reshape(1, k * outH * sh, outW * sw, 2).to(image.dtype);
        var sampled = nn.functional.grid_sample(image, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: true);
        long c = image.shape[1];
        var v = sampled.view(c, k, outH, sh, outW, sw) * valid.unsqueeze(0).to(image.dtype);
        var pooled = v.sum([3, 5]) / (sh * sw);                                                   // [C,K,outH,outW]
        return pooled.permute(1, 0, 2, 3);
    }
}
