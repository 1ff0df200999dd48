using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Vision.Ops;

/// <summary>torchvision's BoxCoder: box regression targets (dx, dy, dw, dh) relative to reference boxes, with weights and clipped log-scale.</summary>
public sealed class BoxCoder
{
    /// <summary>log(1000/16), torchvision's default clip of dw, dh before exp.</summary>
    public static readonly double DefaultXformClip = Math.Log(1000.0 / 16);

    public float Wx { get; }
    public float Wy { get; }
    public float Ww { get; }
    public float Wh { get; }
    public double XformClip { get; }

    public BoxCoder(float wx, float wy, float ww, float wh, double? bboxXformClip = null)
    {
        (Wx, Wy, Ww, Wh) = (wx, wy, ww, wh);
        XformClip = bboxXformClip ?? DefaultXformClip;
    }

    /// <summary>Targets [N,4] for matched ground truth [N,4] relative to proposals [N,4].</summary>
    public Tensor Encode(Tensor referenceBoxes, Tensor proposals)
    {
        using var scope = NewDisposeScope();
        var exW = proposals[.., 2] - proposals[.., 0];
        var exH = proposals[.., 3] - proposals[.., 1];
        var exX = proposals[.., 0] + 0.5f * exW;
        var exY = proposals[.., 1] + 0.5f * exH;
        var gtW = referenceBoxes[.., 2] - referenceBoxes[.., 0];
        var gtH = referenceBoxes[.., 3] - referenceBoxes[.., 1];
        var gtX = referenceBoxes[.., 0] + 0.5f * gtW;
        var gtY = referenceBoxes[.., 1] + 0.5f * gtH;
        var dx = Wx * (gtX - exX) / exW;
        var dy = Wy * (gtY - exY) / exH;
        var dw = Ww * log(gtW / exW);
        var dh = Wh * log(gtH / exH);
        return stack([dx, dy, dw, dh], 1).MoveToOuterDisposeScope();
    }

    /// <summary>Decodes rel_codes [N, 4·C] against boxes [N,4]; returns [N, C, 4] (x1,y1,x2,y2).</summary>
    public Tensor Decode(Tensor relCodes, Tensor boxes)
    {
        using var scope = NewDisposeScope();
        long n = boxes.shape[0];
        boxes = boxes.to(relCodes.dtype);
        var widths = boxes[.., 2] - boxes[.., 0];
        var heights = boxes[.., 3] - boxes[.., 1];
        var ctrX = boxes[.., 0] + 0.5f * widths;
        var ctrY = boxes[.., 1] + 0.5f * heights;
        var codes = relCodes.reshape(n, -1, 4);
        var dx = codes[.., .., 0] / Wx;
        var dy = codes[.., .., 1] / Wy;
        var dw = (codes[.., .., 2] / Ww).clamp_max(XformClip);
        var dh = (codes[.., .., 3] / Wh).clamp_max(XformClip);
        var predX = dx * widths.unsqueeze(1) + ctrX.unsqueeze(1);
        var predY = dy * heights.unsqueeze(1) + ctrY.unsqueeze(1);
        var predW = exp(dw) * widths.unsqueeze(1);
        var predH = exp(dh) * heights.unsqueeze(1);
        var halfW = 0.5f * predW;
        var halfH = 0.5f * predH;
        return stack([predX - halfW, predY - halfH, predX + halfW, predY + halfH], 2).MoveToOuterDisposeScope();
    }
}
