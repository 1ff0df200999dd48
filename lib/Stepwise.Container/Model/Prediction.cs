using Stepwise.Vision.Data;

namespace Stepwise.Container.Model;

/// <summary>One detected instance in the input image's own size: class, score, box and binary mask.</summary>
public sealed record Prediction(int Label, float Score, Box Box, BinaryMask Mask);
