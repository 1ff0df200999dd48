using System.Diagnostics;

namespace Stepwise.Benchmarks.StepFunctions;

/// <summary>Untimed runs before the timed ones, on both sides: at least two, and at least <see cref="Milliseconds"/>
/// of them, so that tiered JIT (.NET) and TurboFan (node) have optimized the hot paths.</summary>
public static class Warmup
{
    public const int Milliseconds = 1500;

    /// <summary>Warms up with <paramref name="round"/>, then returns the milliseconds of <paramref name="repeats"/> timed rounds
    /// (<paramref name="round"/> gets a running number and returns its own measured time).</summary>
    public static async Task<IReadOnlyList<double>> ThenTimeAsync(int repeats, Func<int, Task<double>> round)
    {
        var clock = Stopwatch.StartNew();
        var number = 0;
        while (number < 2 || clock.ElapsedMilliseconds < Milliseconds) await round(number++);
        var runs = new List<double>();
        for (var i = 0; i < repeats; i++) runs.Add(await round(number++));
        return runs;
    }
}
