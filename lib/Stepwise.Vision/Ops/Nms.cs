using TorchSharp;
using static TorchSharp.torch;

namespace Stepwise.Vision.Ops;

/// <summary>Greedy non-maximum suppression over plain float arrays (torchvision's nms semantics: IoU &gt; threshold suppresses, highest score first).</summary>
public static class Nms
{
    /// <summary>Indices kept, by decreasing score. boxes: 4 floats per box (x1,y1,x2,y2); classes: optional, boxes of different classes never suppress each other.</summary>
    public static int[] Keep(ReadOnlySpan<float> boxes, ReadOnlySpan<float> scores, float iouThreshold, ReadOnlySpan<long> classes = default)
    {
        int n = scores.Length;
        if (boxes.Length != 4 * n) throw new ArgumentException($"nms: {boxes.Length} box coordinates for {n} scores (need 4 per box).");
        bool byClass = !classes.IsEmpty;
        if (byClass && classes.Length != n) throw new ArgumentException($"nms: {classes.Length} class ids for {n} scores.");
        var order = new int[n];
        var keys = new float[n];
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
        var areas = new float[n];
        for (int i = 0; i < n; i++) areas[i] = (boxes[4 * i + 2] - boxes[4 * i]) * (boxes[4 * i + 3] - boxes[4 * i + 1]);
        var suppressed = new bool[n];
        var keep = new List<int>();
        for (int a = 0; a < n; a++)
        {
            int i = order[a];
            if (suppressed[i]) continue;
            keep.Add(i);
            float ix1 = boxes[4 * i], iy1 = boxes[4 * i + 1], ix2 = boxes[4 * i + 2], iy2 = boxes[4 * i + 3], iarea = areas[i];
            for (int b = a + 1; b < n; b++)
            {
                int j = order[b];
                if (suppressed[j] || (byClass && classes[j] != classes[i])) continue;
                float xx1 = Math.Max(ix1, boxes[4 * j]), yy1 = Math.Max(iy1, boxes[4 * j + 1]);
                float xx2 = Math.Min(ix2, boxes[4 * j + 2]), yy2 = Math.Min(iy2, boxes[4 * j + 3]);
                float inter = Math.Max(0f, xx2 - xx1) * Math.Max(0f, yy2 - yy1);
                float ovr = inter / (iarea + areas[j] - inter);
                if (ovr > iouThreshold) suppressed[j] = true;
            }
        }
        return keep.ToArray();
    }

    /// <summary>Tensor form of <see cref="Keep"/>: boxes [N,4], scores [N]; returns int64 indices by decreasing score.</summary>
    public static Tensor Apply(Tensor boxes, Tensor scores, double iouThreshold) => Batched(boxes, scores, null, iouThreshold);

    /// <summary>torchvision's batched_nms: NMS independently per category (idxs [N] int64); indices by decreasing score.</summary>
    public static Tensor Batched(Tensor boxes, Tensor scores, Tensor? idxs, double iouThreshold)
    {
        var dev = boxes.device;
        if (boxes.shape[0] == 0) return empty(0, ScalarType.Int64, dev);
        using var b = boxes.detach().to(ScalarType.Float32).cpu().contiguous();
        using var s = scores.detach().to(ScalarType.Float32).cpu().contiguous();
        var bArr = b.data<float>().ToArray();
        var sArr = s.data<float>().ToArray();
        int[] keep;
        if (idxs is null) keep = Keep(bArr, sArr, (float)iouThreshold);
        else
        {
            using var c = idxs.detach().to(ScalarType.Int64).cpu().contiguous();
            keep = Keep(bArr, sArr, (float)iouThreshold, c.data<long>().ToArray());
        }
        return tensor(keep.Select(i => (long)i).ToArray(), ScalarType.Int64, dev);
    }
}
