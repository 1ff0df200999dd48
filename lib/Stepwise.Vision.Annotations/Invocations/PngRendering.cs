namespace Stepwise.Vision.Invocations;

/// <summary>What <c>/invocations</c> answers for <c>Accept: image/png</c> (parameter <see cref="InvocationParameters.Render"/>).</summary>
public enum PngRendering
{
    /// <summary><c>render=labels</c>: one 8-bit label per pixel in the PedMasks format (0 background, k the k-th detection); exact bytes.</summary>
    Labels,
    /// <summary><c>render=overlay</c>: the input image with a translucent colour per detection, its outline, box and "label score" tag.</summary>
    Overlay,
}
