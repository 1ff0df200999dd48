using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Vision.Model;

/// <summary>Ground truth of one training image, as torchvision's target dict: boxes float [N,4] (x1,y1,x2,y2, pixels), labels int64 [N] (0 = background), masks uint8 [N,H,W].</summary>
public sealed record Target(Tensor Boxes, Tensor Labels, Tensor Masks) : IDisposable
{
    /// <summary>Disposes the three tensors.</summary>
    public void Dispose()
    {
        Boxes.Dispose();
        Labels.Dispose();
        Masks.Dispose();
    }
}

/// <summary>Detections of one image in its original size: boxes float [N,4] (x1,y1,x2,y2), labels int64 [N], scores float [N] (descending within a class), masks float [N,1,H,W] probabilities.</summary>
public sealed record Detection(Tensor Boxes, Tensor Labels, Tensor Scores, Tensor Masks) : IDisposable
{
    /// <summary>Number of detections.</summary>
    public long Count => Boxes.shape[0];

    /// <summary>Moves the tensors out of the current dispose scope so they outlive it.</summary>
    public Detection MoveToOuterDisposeScope()
    {
        Boxes.MoveToOuterDisposeScope();
        Labels.MoveToOuterDisposeScope();
        Scores.MoveToOuterDisposeScope();
        Masks.MoveToOuterDisposeScope();
        return this;
    }

    /// <summary>Disposes the four tensors.</summary>
    public void Dispose()
    {
        Boxes.Dispose();
        Labels.Dispose();
        Scores.Dispose();
        Masks.Dispose();
    }
}

/// <summary>Names of the loss terms returned by <see cref="MaskRCNN"/> in training mode (torchvision's keys).</summary>
public static class LossNames
{
    public const string Classifier = "loss_classifier";
    public const string BoxReg = "loss_box_reg";
    public const string Mask = "loss_mask";
    public const string Objectness = "loss_objectness";
    public const string RpnBoxReg = "loss_rpn_box_reg";
}
