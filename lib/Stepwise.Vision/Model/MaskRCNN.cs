using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Vision.Model;

/// <summary>
/// Mask R-CNN, module for module torchvision's <c>MaskRCNN</c> (children: transform, backbone, rpn, roi_heads), so
/// state_dict keys are the same. Train mode: <see cref="forward"/> returns the loss dict; eval: <see cref="Predict"/>.
/// </summary>
public sealed partial class MaskRCNN : nn.Module
{
    /// <summary>The configuration this model was built with.</summary>
    public MaskRCNNOptions Options { get; }

    /// <summary>Builds a randomly initialised model (torchvision's initialisation per module).</summary>
    public static MaskRCNN Create(MaskRCNNOptions options) => new(options.Validate());

    private MaskRCNN(MaskRCNNOptions options) : base(nameof(MaskRCNN))
    {
        Options = options;
        throw new NotImplementedException("MaskRCNN internals are in progress on branch 'vision'.");
    }

    /// <summary>Training step: images float [3,H,W] in 0..1 and their targets; returns loss_classifier, loss_box_reg, loss_mask, loss_objectness, loss_rpn_box_reg.</summary>
    public Dictionary<string, Tensor> forward(List<Tensor> images, List<Target> targets) => throw new NotImplementedException();

    /// <summary>Inference (switches to eval mode, no grad): one <see cref="Detection"/> per image, in the image's original size.</summary>
    public List<Detection> Predict(List<Tensor> images) => throw new NotImplementedException();

    /// <summary>Saves all weights and buffers (state_dict keys) as safetensors.</summary>
    public void Save(string path) => throw new NotImplementedException();

    /// <summary>Loads weights saved by <see cref="Save"/> or a torchvision state_dict exported as safetensors.</summary>
    public void Load(string path) => throw new NotImplementedException();
}
