using Stepwise.Vision.Model;

namespace Stepwise.Container.Tests.Support;

/// <summary>A fact that runs once the TorchSharp Mask R-CNN can be built, and is reported as skipped (with the reason) before.</summary>
public sealed class MaskRcnnFactAttribute : FactAttribute
{
    static readonly Lazy<string?> Unavailable = new(() =>
    {
        try
        {
            using var model = MaskRCNN.Create(MaskRCNNOptions.Small(2));
            return null;
        }
        catch (Exception e)
        {
            return $"Mask R-CNN is not usable yet: {e.GetBaseException().Message}";
        }
    });

    public MaskRcnnFactAttribute()
    {
        if (Unavailable.Value is { } reason)
            Skip = reason;
    }
}
