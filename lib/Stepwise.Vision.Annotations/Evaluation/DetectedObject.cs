using Stepwise.Vision.Data;

namespace Stepwise.Vision.Evaluation;

/// <summary>A scored prediction for one image. The mask (binary, image-sized) is needed only for mask AP.</summary>
public sealed record DetectedObject(int Label, float Score, Box Box, BinaryMask? Mask = null);
