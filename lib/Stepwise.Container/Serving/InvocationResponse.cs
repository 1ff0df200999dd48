using System.Text.Json;
using Stepwise.Container.Model;
using Stepwise.Vision.Data;
using Stepwise.Vision.Evaluation;

namespace Stepwise.Container.Serving;

/// <summary>
/// The two answer formats of <c>/invocations</c>.
/// JSON (default): <c>{"boxes":[[x1,y1,x2,y2],…],"labels":[…],"scores":[…],"masks":[{"size":[h,w],"counts":"…"},…]}</c>,
/// masks in COCO's compressed RLE (pycocotools' <c>mask.decode</c> reads them).
/// PNG (<c>Accept: image/png</c>): one 8-bit mask in the PedMasks format — 0 background, k the k-th detection of the JSON
/// order; where masks overlap the higher score wins — and the rest of the JSON (boxes, labels, scores) in the
/// <c>X-Detections</c> header.
/// </summary>
public static class InvocationResponse
{
    public static byte[] Json(IReadOnlyList<Prediction> predictions, int width, int height, bool includeMasks = true)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("boxes");
            foreach (var p in predictions)
            {
                w.WriteStartArray();
                w.WriteNumberValue(Math.Round(p.Box.X1, 2));
                w.WriteNumberValue(Math.Round(p.Box.Y1, 2));
                w.WriteNumberValue(Math.Round(p.Box.X2, 2));
                w.WriteNumberValue(Math.Round(p.Box.Y2, 2));
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteStartArray("labels");
            foreach (var p in predictions)
                w.WriteNumberValue(p.Label);
            w.WriteEndArray();
            w.WriteStartArray("scores");
            foreach (var p in predictions)
                w.WriteNumberValue(Math.Round(p.Score, 5));
            w.WriteEndArray();
            if (includeMasks)
            {
                w.WriteStartArray("masks");
                foreach (var p in predictions)
                {
                    w.WriteStartObject();
                    w.WriteStartArray("size");
                    w.WriteNumberValue(height);
                    w.WriteNumberValue(width);
                    w.WriteEndArray();
                    w.WriteString("counts", CocoRle.Encode(p.Mask).ToCountsString());
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static byte[] Png(IReadOnlyList<Prediction> predictions, int width, int height)
    {
        var labels = new byte[width * height];
        // Paint the lowest score first so the highest wins on overlap; ids follow the JSON order (score descending).
        int n = Math.Min(predictions.Count, 255);
        for (int k = n - 1; k >= 0; k--)
        {
            var m = predictions[k].Mask.Pixels;
            for (int i = 0; i < labels.Length; i++)
                if (m[i] != 0)
                    labels[i] = (byte)(k + 1);
        }
        return PngCodec.EncodeGray(new LabelImage(width, height, labels));
    }
}
