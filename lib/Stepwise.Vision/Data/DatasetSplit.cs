namespace Stepwise.Vision.Data;

/// <summary>Indices of a dataset divided into a training part and a held-out part.</summary>
public sealed record DatasetSplit(IReadOnlyList<int> Train, IReadOnlyList<int> HeldOut)
{
    /// <summary>
    /// A seeded permutation of 0..count-1 cut into a held-out part of round(count × fraction) (at least 1 when
    /// count ≥ 2 and fraction &gt; 0) and the rest for training; both parts sorted so iteration order is stable.
    /// </summary>
    public static DatasetSplit Create(int count, double heldOutFraction, int seed)
    {
        if (heldOutFraction is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(heldOutFraction), heldOutFraction, "The held-out fraction must be in [0, 1).");
        var order = Enumerable.Range(0, count).ToArray();
        new SeededRandom(seed).Shuffle(order);
        int held = (int)Math.Round(count * heldOutFraction);
        if (held == 0 && heldOutFraction > 0 && count >= 2)
            held = 1;
        held = Math.Min(held, Math.Max(0, count - 1));
        return new DatasetSplit(order[held..].Order().ToArray(), order[..held].Order().ToArray());
    }
}
