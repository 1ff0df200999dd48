namespace Stepwise.Interactive.Diagrams.Layout;

/// <summary>Counts edge crossings of a layer ordering: per pair of adjacent ranks, the inversions of edge end positions (Fenwick tree, O(E log V)).</summary>
internal static class CrossingCounter
{
    public static long Count(LayeredGraph graph, IReadOnlyList<int[]> layers)
    {
        var position = Positions(graph, layers);
        long crossings = 0;
        for (var rank = 0; rank + 1 < layers.Count; rank++)
        {
            crossings += CountBetween(graph, layers[rank], layers[rank + 1].Length, position);
        }

        return crossings;
    }

    public static int[] Positions(LayeredGraph graph, IReadOnlyList<int[]> layers)
    {
        var position = new int[graph.Vertices.Length];
        foreach (var layer in layers)
        {
            for (var i = 0; i < layer.Length; i++)
            {
                position[layer[i]] = i;
            }
        }

        return position;
    }

    private static long CountBetween(LayeredGraph graph, int[] upper, int lowerCount, int[] position)
    {
        var tree = new int[lowerCount + 1];
        var inserted = 0;
        long crossings = 0;
        var targets = new List<int>();
        foreach (var vertex in upper)
        {
            targets.Clear();
            foreach (var successor in graph.Successors[vertex])
            {
                targets.Add(position[successor]);
            }

            targets.Sort();
            foreach (var target in targets)
            {
                crossings += inserted - Prefix(tree, target + 1);
            }

            foreach (var target in targets)
            {
                for (var i = target + 1; i <= lowerCount; i += i & -i)
                {
                    tree[i]++;
                }

                inserted++;
            }
        }

        return crossings;
    }

    /// <summary>Number of inserted targets at positions 0 .. <paramref name="end"/> - 1.</summary>
    private static int Prefix(int[] tree, int end)
    {
        var sum = 0;
        for (var i = end; i > 0; i -= i & -i)
        {
            sum += tree[i];
        }

        return sum;
    }
}
