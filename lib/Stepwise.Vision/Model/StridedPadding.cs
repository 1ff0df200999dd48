namespace Stepwise.Vision.Model;

/// <summary>How the strided layers of a ResNet (the 7×7 stem, the stem's max pool, the 3×3 stride-2 convolutions) pad their input.</summary>
public enum StridedPadding
{
    /// <summary>PyTorch's: k/2 on every side (torchvision's ResNets).</summary>
    Symmetric,

    /// <summary>
    /// CNTK's "same" padding as its ONNX export writes it: k/2 before (top, left), one less after (bottom, right);
    /// ONNX pads [3,3,2,2] on the 7×7 stem and [1,1,0,0] on 3×3 stride-2 layers. On even input sizes (every stage of a
    /// Mask R-CNN batch padded to a multiple of 32) it samples the same pixels as <see cref="Symmetric"/>; on odd sizes
    /// the outputs are one pixel smaller and shifted.
    /// </summary>
    BeginHeavy,
}
