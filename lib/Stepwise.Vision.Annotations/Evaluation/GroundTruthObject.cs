using Stepwise.Vision.Data;

namespace Stepwise.Vision.Evaluation;

/// <summary>An annotated object of one image. The mask is needed only for mask AP.</summary>
public sealed record GroundTruthObject(int Label, Box Box, BinaryMask? Mask = null);
