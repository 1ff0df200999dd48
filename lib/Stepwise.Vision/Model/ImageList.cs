using static TorchSharp.torch;

namespace Stepwise.Vision.Model;

/// <summary>A padded batch [N,3,H,W] and each image's size before padding (torchvision's ImageList).</summary>
public sealed record ImageList(Tensor Tensors, List<(long H, long W)> ImageSizes);
