using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Vision.Model;

/// <summary>torchvision's AnchorGenerator: per level one size × aspect ratios, cell anchors rounded, shifted over the grid (location-major, then anchor).</summary>
public sealed class AnchorGenerator(int[] sizes, double[] aspectRatios)
{
    public int NumAnchorsPerLocation => aspectRatios.Length;

    /// <summary>Cell anchors [A,4] of one size (torchvision's generate_anchors).</summary>
    public Tensor CellAnchors(int size, Device device, ScalarType dtype = ScalarType.Float32)
    {
        using var scope = NewDisposeScope();
        var scales = tensor(new double[] { size }, dtype, device);
        var ar = tensor(aspectRatios, dtype, device);
        var hRatios = sqrt(ar);
        var wRatios = 1 / hRatios;
        var ws = (wRatios.unsqueeze(1) * scales.unsqueeze(0)).view(-1);
        var hs = (hRatios.unsqueeze(1) * scales.unsqueeze(0)).view(-1);
        return (stack([-ws, -hs, ws, hs], 1) / 2).round().MoveToOuterDisposeScope();
    }

    /// <summary>Anchors [sum(H·W·A), 4] for a padded batch of (H, W) and its feature maps; the same for every image.</summary>
    public Tensor Anchors((long H, long W) batchSize, List<Tensor> features)
    {
        using var scope = NewDisposeScope();
        var device = features[0].device;
        var all = new List<Tensor>();
        for (int l = 0; l < features.Count; l++)
        {
            long gh = features[l].shape[2], gw = features[l].shape[3];
            long sh = batchSize.H / gh, sw = batchSize.W / gw;
            var shiftsX = arange(0, gw, ScalarType.Int64, device) * sw;
            var shiftsY = arange(0, gh, ScalarType.Int64, device) * sh;
            var grid = meshgrid([shiftsY, shiftsX], indexing: "ij");
            var sy = grid[0].reshape(-1);
            var sx = grid[1].reshape(-1);
            var shifts = stack([sx, sy, sx, sy], 1).to(features[l].dtype);
            var cell = CellAnchors(sizes[l], device, features[l].dtype);
            all.Add((shifts.view(-1, 1, 4) + cell.view(1, -1, 4)).reshape(-1, 4));
        }
        return cat(all, 0).MoveToOuterDisposeScope();
    }
}
