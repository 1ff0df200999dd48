using Stepwise.Vision.Data;

namespace Stepwise.Vision.Evaluation;

/// <summary>Intersection over union of binary masks of the same size.</summary>
public static class MaskIoU
{
    public static double Compute(BinaryMask a, BinaryMask b)
    {
        if (a.Width != b.Width || a.Height != b.Height)
            throw new ArgumentException($"Masks differ in size: {a.Width}x{a.Height} and {b.Width}x{b.Height}.");
        long inter = 0, union = 0;
        var pa = a.Pixels;
        var pb = b.Pixels;
        for (int i = 0; i < pa.Length; i++)
        {
            bool x = pa[i] != 0, y = pb[i] != 0;
            inter += x & y ? 1 : 0;
            union += x | y ? 1 : 0;
        }
        return union == 0 ? 0 : (double)inter / union;
    }
}
