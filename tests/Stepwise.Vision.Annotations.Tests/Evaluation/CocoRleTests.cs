using Stepwise.Vision.Data;
using Stepwise.Vision.Evaluation;

namespace Stepwise.Vision.Annotations.Tests.Evaluation;

public class CocoRleTests
{
    [Fact]
    public void Counts_run_column_major_starting_with_zeros()
    {
        // 2x3 mask (rows): 0 1 1 / 0 1 0 → columns: (0,0) (1,1) (1,0) → runs 2 zeros, 3 ones, 1 zero.
        var rle = CocoRle.Encode([0, 1, 1, 0, 1, 0], height: 2, width: 3);
        Assert.Equal([2u, 3u, 1u], rle.Counts);
        Assert.Equal(3, rle.Area());
        var all = CocoRle.Encode([1, 1, 1, 1], 2, 2);
        Assert.Equal([0u, 4u], all.Counts);
    }

    [Theory]
    [InlineData(new uint[] { 5, 3, 8 }, "538")]
    [InlineData(new uint[] { 100 }, "T3")]
    [InlineData(new uint[] { 1, 2, 3, 5 }, "1233")] // from the 4th count on, the difference to the one two back
    [InlineData(new uint[] { 10, 2, 3, 1 }, ":23O")] // 1 - 2 = -1: sign-extended in 5 bits
    public void Counts_string_matches_pycocotools_scheme(uint[] counts, string expected)
    {
        var rle = new CocoRle(1, (int)counts.Sum(c => (long)c), counts);
        Assert.Equal(expected, rle.ToCountsString());
        Assert.Equal(counts, CocoRle.FromCountsString(rle.Height, rle.Width, expected).Counts);
    }

    [Fact]
    public void Random_masks_round_trip_through_string_and_decode()
    {
        var rng = new SeededRandom(42);
        for (int trial = 0; trial < 50; trial++)
        {
            int h = rng.Next(1, 40), w = rng.Next(1, 40);
            var pixels = new byte[h * w];
            double density = rng.NextDouble();
            for (int i = 0; i < pixels.Length; i++)
                pixels[i] = rng.NextDouble() < density ? (byte)1 : (byte)0;
            var mask = new BinaryMask(w, h, pixels);
            var rle = CocoRle.Encode(mask);
            var parsed = CocoRle.FromCountsString(h, w, rle.ToCountsString());
            Assert.Equal(rle.Counts, parsed.Counts);
            Assert.Equal(pixels, parsed.Decode().Pixels);
            Assert.Equal(mask.Area(), parsed.Area());
        }
    }

    [Fact]
    public void Bad_counts_are_reported()
    {
        Assert.Throws<FormatException>(() => CocoRle.FromCountsString(2, 2, "~~"));
        Assert.Throws<InvalidDataException>(() => new CocoRle(2, 2, [1u, 2u]).Decode());
    }
}
