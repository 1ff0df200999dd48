using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Vision.Model;

/// <summary>
/// torchvision's GeneralizedRCNNTransform: normalize, resize so the short side is MinSize (long side at most MaxSize),
/// resize targets with the images, pad the batch to a multiple of SizeDivisible; postprocess maps detections back.
/// </summary>
public sealed class GeneralizedRCNNTransform : nn.Module
{
    private readonly MaskRCNNOptions _o;

    public GeneralizedRCNNTransform(MaskRCNNOptions options) : base("GeneralizedRCNNTransform") => _o = options;

    /// <summary>Images float [3,H,W] in 0..1 → padded batch; targets (when given) resized alongside.</summary>
    public (ImageList Images, List<Target>? Targets) forward(List<Tensor> images, List<Target>? targets)
    {
        var resized = new List<Tensor>();
        var newTargets = targets is null ? null : new List<Target>();
        for (int i = 0; i < images.Count; i++)
        {
            var image = images[i];
            if (image.dim() != 3 || image.shape[0] != 3)
                throw new ArgumentException($"Images must be float tensors [3,H,W]; image {i} has shape [{string.Join(",", image.shape)}].");
            image = Normalize(image);
            var (h, w) = (image.shape[1], image.shape[2]);
            var (nh, nw) = ResizedSize(h, w);
            image = nn.functional.interpolate(image.unsqueeze(0), [nh, nw], mode: InterpolationMode.Bilinear, align_corners: false)[0];
            resized.Add(image);
            if (targets is not null)
            {
                var t = targets[i];
                var boxes = Ops.BoxOps.Resize(t.Boxes.to(ScalarType.Float32), (h, w), (nh, nw));
                var masks = t.Masks.shape[0] == 0
                    ? zeros(0, nh, nw, ScalarType.Byte, t.Masks.device)
                    : nn.functional.interpolate(t.Masks.unsqueeze(1).to(ScalarType.Float32), [nh, nw], mode: InterpolationMode.Nearest)[.., 0].to(ScalarType.Byte);
                newTargets!.Add(new Target(boxes, t.Labels, masks));
            }
        }
        return (Batch(resized), newTargets);
    }

    /// <summary>Output size of the resize: floor(side · scale) with scale = min(MinSize / short side, MaxSize / long side).</summary>
    public (long H, long W) ResizedSize(long h, long w)
    {
        double minSide = Math.Min(h, w), maxSide = Math.Max(h, w);
        double scale = Math.Min(_o.MinSize / minSide, _o.MaxSize / maxSide);
        return ((long)Math.Floor(h * scale), (long)Math.Floor(w * scale));
    }

    private Tensor Normalize(Tensor image)
    {
        var mean = tensor(_o.ImageMean, image.dtype, image.device).view(3, 1, 1);
        var std = tensor(_o.ImageStd, image.dtype, image.device).view(3, 1, 1);
        return (image - mean) / std;
    }

    private ImageList Batch(List<Tensor> images)
    {
        long maxH = images.Max(i => i.shape[1]), maxW = images.Max(i => i.shape[2]);
        long d = _o.SizeDivisible;
        maxH = (long)Math.Ceiling((double)maxH / d) * d;
        maxW = (long)Math.Ceiling((double)maxW / d) * d;
        var batched = zeros(images.Count, 3, maxH, maxW, images[0].dtype, images[0].device);
        var sizes = new List<(long H, long W)>();
        for (int i = 0; i < images.Count; i++)
        {
            var (h, w) = (images[i].shape[1], images[i].shape[2]);
            batched[i, .., TensorIndex.Slice(0, h), TensorIndex.Slice(0, w)] = images[i];
            sizes.Add((h, w));
        }
        return new ImageList(batched, sizes);
    }

    /// <summary>Boxes back to the original sizes; masks [N,1,28,28] pasted into [N,1,H,W].</summary>
    public List<Detection> Postprocess(List<Detection> result, List<(long H, long W)> imageSizes, List<(long H, long W)> originalSizes)
    {
        var output = new List<Detection>();
        for (int i = 0; i < result.Count; i++)
        {
            var d = result[i];
            var boxes = Ops.BoxOps.Resize(d.Boxes, imageSizes[i], originalSizes[i]);
            var masks = Ops.MaskPaste.PasteInImage(d.Masks, boxes, originalSizes[i].H, originalSizes[i].W);
            output.Add(new Detection(boxes, d.Labels, d.Scores, masks));
        }
        return output;
    }
}
