using System.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Vision.Ops;

/// <summary>Greedy non-maximum suppression over plain arrays (torchvision's nms semantics: IoU &gt; threshold suppresses, highest score first).</summary>
public static class Nms
{
    /// <summary>
    /// Indices kept, by decreasing score. boxes: 4 values per box (x1,y1,x2,y2); classes: optional, boxes of different
    /// classes never suppress each other. T is the tensor's precision (float or double), as torchvision's kernel computes in it.
    /// </summary>
    public static int[] Keep<T>(ReadOnlySpan<T> boxes, ReadOnlySpan<T> scores, T iouThreshold, ReadOnlySpan<long> classes = default)
        where T : struct, IFloatingPointIeee754<T>
    {
        int n = scores.Length;
        if (boxes.Length != 4 * n) throw new ArgumentException($"nms: {boxes.Length} box coordinates for {n} scores (need 4 per box).");
        bool byClass = !classes.IsEmpty;
        if (byClass && classes.Length != n) throw new ArgumentException($"nms: {classes.Length} class ids for {n} scores.");
        var order = new int[n];
        var keys = new T[n];
        for (int i = 0; i < n; i++) { order[i] = i; keys[i] = -scores[i]; }
        Array.Sort(keys, order);
        // Stable on ties: torch's sort keeps index order for equal scores.
        for (int s = 0; s < n;)
        {
            int e = s + 1;
            while (e < n && keys[e] == keys[s]) e++;
            if (e - s > 1) Array.Sort(order, s, e - s);
            s = e;
        }
        var areas = new T[n];
        for (int i = 0; i < n; i++) areas[i] = (boxes[4 * i + 2] - boxes[4 * i]) * (boxes[4 * i + 3] - boxes[4 * i + 1]);
        var suppressed = new bool[n];
        var keep = new List<int>();
        for (int a = 0; a < n; a++)
        {
            int i = order[a];
            if (suppressed[i]) continue;
            keep.Add(i);
            T ix1 = boxes[4 * i], iy1 = boxes[4 * i + 1], ix2 = boxes[4 * i + 2], iy2 = boxes[4 * i + 3], iarea = areas[i];
            for (int b = a + 1; b < n; b++)
            {
                int j = order[b];
                if (suppressed[j] || (byClass && classes[j] != classes[i])) continue;
                T xx1 = T.Max(ix1, boxes[4 * j]), yy1 = T.Max(iy1, boxes[4 * j + 1]);
                T xx2 = T.Min(ix2, boxes[4 * j + 2]), yy2 = T.Min(iy2, boxes[4 * j + 3]);
                T inter = T.Max(T.Zero, xx2 - xx1) * T.Max(T.Zero, yy2 - yy1);
                T ovr = inter / (iarea + areas[j] - inter);
                if (ovr > iouThreshold) suppressed[j] = true;
            }
        }
        return keep.ToArray();
    }

    /// <summary>Tensor form of <see cref="Keep{T}"/>: boxes [N,4], scores [N]; returns int64 indices by decreasing score.</summary>
    public static Tensor Apply(Tensor boxes, Tensor scores, double iouThreshold) => Batched(boxes, scores, null, iouThreshold);

    /// <summary>torchvision's batched_nms: NMS independently per category (idxs [N] int64); indices by decreasing score.</summary>
    public static Tensor Batched(Tensor boxes, Tensor scores, Tensor? idxs, double iouThreshold)
    {
        var dev = boxes.device;
        if (boxes.shape[0] == 0) return empty(0, ScalarType.Int64, dev);
        var keep = boxes.dtype == ScalarType.Float64
            ? KeepOf<double>(boxes, scores, idxs, iouThreshold)
            : KeepOf<float>(boxes, scores, idxs, (float)iouThreshold);
        return tensor(keep.Select(i => (long)i).ToArray(), ScalarType.Int64, dev);
    }

    private static int[] KeepOf<T>(Tensor boxes, Tensor scores, Tensor? idxs, T iouThreshold) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var type = typeof(T) == typeof(double) ? ScalarType.Float64 : ScalarType.Float32;
        using var scope = NewDisposeScope();
        var classes = idxs is null ? [] : idxs.detach().to(ScalarType.Int64).cpu().ToArray<long>();
        return Keep(boxes.detach().to(type).cpu().ToArray<T>(), scores.detach().to(type).cpu().ToArray<T>(), iouThreshold, classes);
    }
}
