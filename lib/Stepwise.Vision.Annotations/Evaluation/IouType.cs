namespace Stepwise.Vision.Evaluation;

/// <summary>What overlap AP is computed on (pycocotools' iouType).</summary>
public enum IouType
{
    /// <summary>Boxes ("bbox").</summary>
    Box,
    /// <summary>Binary masks ("segm").</summary>
    Mask,
}
