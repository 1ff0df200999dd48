namespace Stepwise.Interactive.Diagrams.Layout;

/// <summary>
/// Sugiyama step 4: orders the vertices of each rank to reduce crossings. Starts from a depth-first order
/// (which keeps a chain's vertices in the same column), then sweeps down and up sorting each rank by the
/// barycenter of its neighbours in the rank just fixed, refines with adjacent swaps (transpose), and keeps
/// the best ordering seen.
/// </summary>
internal static class CrossingMinimizer
{
    private const int MaxSweeps = 24;

    private const int SweepsWithoutGain = 4;

    /// <summary>Returns the vertex indices of each rank, left to right.</summary>
    public static int[][] Order(LayeredGraph graph)
    {
        var layers = InitialOrder(graph);
        var position = CrossingCounter.Positions(graph, layers);
        var best = Copy(layers);
        var bestCrossings = CrossingCounter.Count(graph, layers);
        var stale = 0;
        for (var sweep = 0; sweep < MaxSweeps && bestCrossings > 0 && stale < SweepsWithoutGain; sweep++)
        {
            if (sweep % 2 == 0)
            {
                for (var rank = 1; rank < layers.Length; rank++)
                {
                    SortByBarycenter(layers[rank], graph.Predecessors, position);
                }
            }
            else
            {
                for (var rank = layers.Length - 2; rank >= 0; rank--)
                {
                    SortByBarycenter(layers[rank], graph.Successors, position);
                }
            }

            Transpose(graph, layers, position);
            var crossings = CrossingCounter.Count(graph, layers);
            if (crossings < bestCrossings)
            {
                best = Copy(layers);
                bestCrossings = crossings;
                stale = 0;
            }
            else
            {
                stale++;
            }
        }

        return best;
    }

    /// <summary>Depth-first order from the top nodes: a chain's vertices land in the same column.</summary>
    internal static int[][] InitialOrder(LayeredGraph graph)
    {
        var layers = new List<int>[graph.RankCount];
        for (var rank = 0; rank < layers.Length; rank++)
        {
            layers[rank] = [];
        }

        var seen = new bool[graph.Vertices.Length];
        var stack = new Stack<int>();
        var roots = Enumerable.Range(0, graph.Vertices.Length).Where(v => !graph.Vertices[v].IsDummy).OrderBy(v => graph.Vertices[v].Rank);
        foreach (var root in roots.Concat(Enumerable.Range(0, graph.Vertices.Length)))
        {
            stack.Push(root);
            while (stack.Count > 0)
            {
                var vertex = stack.Pop();
                if (seen[vertex])
                {
                    continue;
                }

                seen[vertex] = true;
                layers[graph.Vertices[vertex].Rank].Add(vertex);
                var successors = graph.Successors[vertex];
                for (var i = successors.Length - 1; i >= 0; i--)
                {
                    if (!seen[successors[i]])
                    {
                        stack.Push(successors[i]);
                    }
                }
            }
        }

        return layers.Select(l => l.ToArray()).ToArray();
    }

    /// <summary>Sorts vertices that have neighbours by their mean neighbour position; the others keep their slots.</summary>
    private static void SortByBarycenter(int[] layer, int[][] neighbours, int[] position)
    {
        var sortable = new List<(double Barycenter, int Vertex)>(layer.Length);
        var fixedSlot = new bool[layer.Length];
        for (var i = 0; i < layer.Length; i++)
        {
            var around = neighbours[layer[i]];
            if (around.Length == 0)
            {
                fixedSlot[i] = true;
                continue;
            }

            double sum = 0;
            foreach (var neighbour in around)
            {
                sum += position[neighbour];
            }

            sortable.Add((sum / around.Length, layer[i]));
        }

        // List.Sort is unstable; break ties by current position so equal barycenters keep their order.
        sortable.Sort((a, b) => a.Barycenter != b.Barycenter
            ? a.Barycenter.CompareTo(b.Barycenter)
            : position[a.Vertex].CompareTo(position[b.Vertex]));
        var next = 0;
        var reordered = new int[layer.Length];
        for (var i = 0; i < layer.Length; i++)
        {
            reordered[i] = fixedSlot[i] ? layer[i] : sortable[next++].Vertex;
        }

        for (var i = 0; i < layer.Length; i++)
        {
            layer[i] = reordered[i];
            position[layer[i]] = i;
        }
    }

    /// <summary>Swaps neighbouring vertices while that removes crossings with the ranks above and below.</summary>
    private static void Transpose(LayeredGraph graph, int[][] layers, int[] position)
    {
        for (var pass = 0; pass < 4; pass++)
        {
            var improved = false;
            foreach (var layer in layers)
            {
                for (var i = 0; i + 1 < layer.Length; i++)
                {
                    var left = layer[i];
                    var right = layer[i + 1];
                    var (keep, swap) = PairCrossings(graph.Predecessors, left, right, position);
                    var (keepBelow, swapBelow) = PairCrossings(graph.Successors, left, right, position);
                    if (swap + swapBelow < keep + keepBelow)
                    {
                        layer[i] = right;
                        layer[i + 1] = left;
                        position[right] = i;
                        position[left] = i + 1;
                        improved = true;
                    }
                }
            }

            if (!improved)
            {
                return;
            }
        }
    }

    /// <summary>Crossings between the edges of two neighbours, as they are and if they were swapped.</summary>
    private static (int AsIs, int Swapped) PairCrossings(int[][] neighbours, int left, int right, int[] position)
    {
        int asIs = 0, swapped = 0;
        foreach (var a in neighbours[left])
        {
            foreach (var b in neighbours[right])
            {
                if (position[a] > position[b])
                {
                    asIs++;
                }
                else if (position[a] < position[b])
                {
                    swapped++;
                }
            }
        }

        return (asIs, swapped);
    }

    private static int[][] Copy(int[][] layers) => layers.Select(l => (int[])l.Clone()).ToArray();
}
