using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Vision.Model;

/// <summary>
/// Mask R-CNN, module for module torchvision's <c>MaskRCNN</c> (children: transform, backbone, rpn, roi_heads), so
/// state_dict keys are the same. Train mode: <see cref="forward"/> returns the loss dict; eval: <see cref="Predict"/>.
/// </summary>
public sealed class MaskRCNN : nn.Module
{
    private readonly GeneralizedRCNNTransform transform;
    private readonly BackboneWithFPN backbone;
    private readonly RegionProposalNetwork rpn;
    private readonly RoIHeads roi_heads;

    internal RoIHeads RoiHeadsForTests => roi_heads;

    /// <summary>The configuration this model was built with.</summary>
    public MaskRCNNOptions Options { get; }

    /// <summary>Builds a randomly initialised model (torchvision's initialisation per module).</summary>
    public static MaskRCNN Create(MaskRCNNOptions options) => new(options.Validate());

    private MaskRCNN(MaskRCNNOptions options) : base(nameof(MaskRCNN))
    {
        Options = options;
        transform = new GeneralizedRCNNTransform(options);
        backbone = new BackboneWithFPN(options);
        rpn = new RegionProposalNetwork(options, backbone.OutChannels);
        roi_heads = new RoIHeads(options, backbone.OutChannels);
        RegisterComponents();
    }

    /// <summary>
    /// Training step: images float [3,H,W] in 0..1 and their targets; returns loss_classifier, loss_box_reg, loss_mask,
    /// loss_objectness, loss_rpn_box_reg. The forward pass runs with oneDNN; on the CPU, unless oneDNN may run backward
    /// too (<see cref="MaskRCNNOptions.OneDnnInTraining"/>, by default <see cref="OneDnnBackward.Verdict"/>), the model
    /// then holds a <see cref="OneDnn.Suspend"/> scope until its next forward, <see cref="Predict"/> or Dispose, so that
    /// the caller's backward() runs on libtorch's native kernels.
    /// </summary>
    public Dictionary<string, Tensor> forward(List<Tensor> images, List<Target> targets)
    {
        if (!training) throw new InvalidOperationException("MaskRCNN.forward(images, targets) computes losses in training mode; call train() first, or Predict for detections.");
        if (images.Count != targets.Count) throw new ArgumentException($"{images.Count} images but {targets.Count} targets.");
        for (int i = 0; i < targets.Count; i++)
        {
            var b = targets[i].Boxes;
            if (b.numel() > 0 && ((b[.., 2] <= b[.., 0]) | (b[.., 3] <= b[.., 1])).any().item<bool>())
                throw new ArgumentException($"Target {i} has a box of zero or negative width or height; boxes must be (x1, y1, x2, y2) with x2 > x1, y2 > y1.");
        }
        EndBackwardSuspension();
        var (imageList, resizedTargets) = transform.forward(images, targets);
        var features = backbone.call(imageList.Tensors);
        var (proposals, rpnLosses) = rpn.forward(imageList, features, resizedTargets);
        var (_, detLosses) = roi_heads.forward(features, proposals, imageList.ImageSizes, resizedTargets);
        var losses = new Dictionary<string, Tensor>(detLosses);
        foreach (var (k, v) in rpnLosses) losses[k] = v;
        // oneDNN's crash is in its convolution *backward*, and libtorch picks the backend again when backward runs.
        if (images.Count > 0 && images[0].device_type == DeviceType.CPU && !(Options.OneDnnInTraining ?? OneDnnBackward.Verdict.Enabled))
            _backwardSuspension = OneDnn.Suspend();
        return losses;
    }

    /// <summary>Inference (switches to eval mode, no grad): one <see cref="Detection"/> per image, in the image's original size, on the images' device.</summary>
    public List<Detection> Predict(List<Tensor> images) => Infer(images, keep: false).Detections;

    /// <summary>What <see cref="Predict"/> computes on the way, for the equivalence checks against torchvision.</summary>
    internal sealed record Intermediates(List<Detection> Detections, List<Tensor> Features, List<Tensor> Proposals, List<Detection> Raw);

    /// <summary>The same pass as <see cref="Predict"/>, also returning the FPN features, the proposals and the detections before postprocessing.</summary>
    internal Intermediates PredictWithIntermediates(List<Tensor> images) => Infer(images, keep: true);

    private Intermediates Infer(List<Tensor> images, bool keep)
    {
        eval();
        EndBackwardSuspension();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var originalSizes = images.Select(i => (i.shape[1], i.shape[2])).ToList();
        var (imageList, _) = transform.forward(images, null);
        var features = backbone.call(imageList.Tensors);
        var (proposals, _) = rpn.forward(imageList, features, null);
        var (raw, _) = roi_heads.forward(features, proposals, imageList.ImageSizes, null);
        var detections = transform.Postprocess(raw, imageList.ImageSizes, originalSizes);
        foreach (var d in detections) d.MoveToOuterDisposeScope();
        if (!keep) return new Intermediates(detections, [], [], []);
        foreach (var d in raw) d.MoveToOuterDisposeScope();
        foreach (var f in features) f.MoveToOuterDisposeScope();
        foreach (var p in proposals) p.MoveToOuterDisposeScope();
        return new Intermediates(detections, features, proposals, raw);
    }

    private IDisposable? _backwardSuspension;

    private void EndBackwardSuspension()
    {
        _backwardSuspension?.Dispose();
        _backwardSuspension = null;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing) EndBackwardSuspension();
        base.Dispose(disposing);
    }

    /// <summary>Saves all weights and buffers under their torchvision state_dict keys, as safetensors (floats as F16 with <paramref name="float16"/>).</summary>
    public void Save(string path, bool float16 = false) => SafetensorsFile.Save(state_dict().Select(kv => (kv.Key, kv.Value)), path, float16);

    /// <summary>
    /// Loads weights saved by <see cref="Save"/> or a torchvision state_dict exported as safetensors. Every key of this
    /// model must be present with its shape; extra num_batches_tracked keys (BatchNorm vs FrozenBatchNorm) are ignored.
    /// <paramref name="include"/> as in <see cref="LoadStateDict"/>. A truncated file or one of another architecture
    /// throws <see cref="InvalidDataException"/> or <see cref="StateDictMismatchException"/>, naming the file.
    /// </summary>
    public void Load(string path, Func<string, bool>? include = null)
    {
        var source = SafetensorsFile.Load(path);
        try
        {
            LoadStateDict(source, path, include);
        }
        finally
        {
            foreach (var t in source.Values) t.Dispose();
        }
    }

    /// <summary>
    /// Copies a state dict in, checking keys and shapes. <paramref name="include"/> picks which of this model's keys are
    /// loaded (default: all); source keys it rejects are ignored, the model's own keys it rejects keep their values (a
    /// backbone-only import, or fine-tuning with new predictors). A mismatch throws <see cref="StateDictMismatchException"/>
    /// listing the missing and unexpected keys and the shapes that differ.
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> source, string origin = "state dict", Func<string, bool>? include = null)
    {
        include ??= _ => true;
        static bool Counter(string k) => k.EndsWith("num_batches_tracked", StringComparison.Ordinal);
        var own = state_dict().Where(kv => include(kv.Key)).ToDictionary();
        var missing = own.Keys.Where(k => !source.ContainsKey(k) && !Counter(k)).ToList();
        var unexpected = source.Keys.Where(k => include(k) && !own.ContainsKey(k) && !Counter(k)).ToList();
        var shapes = own.Where(kv => source.TryGetValue(kv.Key, out var v) && !kv.Value.shape.SequenceEqual(v.shape))
            .Select(kv => new StateDictMismatchException.ShapeMismatch(kv.Key, source[kv.Key].shape, kv.Value.shape)).ToList();
        if (missing.Count > 0 || unexpected.Count > 0 || shapes.Count > 0)
            throw new StateDictMismatchException(origin, $"{Options.Backbone}{(Options.BackboneBlocks is { } b ? $" [{string.Join(",", b)}]" : "")}, {Options.NumClasses} classes", missing, unexpected, shapes);
        using var noGrad = no_grad();
        foreach (var (key, target) in own)
            if (source.TryGetValue(key, out var value))
                target.copy_(value.to(target.dtype));
    }
}
