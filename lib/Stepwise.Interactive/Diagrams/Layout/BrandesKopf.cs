namespace Stepwise.Interactive.Diagrams.Layout;

/// <summary>
/// Sugiyama step 5: x coordinates by Brandes–Köpf ("Fast and Simple Horizontal Coordinate Assignment", 2001).
/// Each vertex is aligned with a median neighbour into vertical blocks (preferring the inner segments of long
/// edges, so those run straight), blocks are packed as tightly as separation allows, and this is done for the
/// four combinations of up/down and left/right; the result is the average of the two median candidates per
/// vertex. Straight vertical chains, balanced fan-outs, linear time.
/// One change to the paper: main-path segments are aligned before side-path ones (Catch edges and what
/// follows an error handler), so error handling branches off a straight Next chain instead of bending it.
/// </summary>
internal static class BrandesKopf
{
    /// <summary>Returns the anchor x of every vertex.</summary>
    /// <param name="graph">The layered graph.</param>
    /// <param name="layers">Vertex order per rank.</param>
    /// <param name="separation">Minimum distance between the anchors of a vertex and its right-hand neighbour.</param>
    public static double[] Assign(LayeredGraph graph, int[][] layers, Func<int, int, double> separation)
    {
        var conflicts = MarkTypeOneConflicts(graph, layers);
        var candidates = new List<double[]>(4);
        foreach (var downwards in new[] { true, false })
        {
            foreach (var leftmost in new[] { true, false })
            {
                var ordered = (downwards ? layers : layers.Reverse()).Select(l => leftmost ? l : l.Reverse().ToArray()).ToArray();
                var neighbours = downwards ? graph.Predecessors : graph.Successors;
                var (root, align) = AlignVertically(graph, ordered, conflicts, neighbours);
                Func<int, int, double> gap = leftmost ? separation : (a, b) => separation(b, a);
                var x = Compact(graph.Vertices.Length, ordered, root, align, gap);
                if (!leftmost)
                {
                    for (var v = 0; v < x.Length; v++)
                    {
                        x[v] = -x[v];
                    }
                }

                candidates.Add(x);
            }
        }

        AlignToNarrowest(graph, candidates);
        return Balance(graph.Vertices.Length, candidates);
    }

    /// <summary>
    /// Type 1 conflicts: a non-inner segment crossing an inner segment (dummy to dummy). Such segments are never
    /// aligned, so long edges keep their straight line.
    /// </summary>
    private static HashSet<long> MarkTypeOneConflicts(LayeredGraph graph, int[][] layers)
    {
        var conflicts = new HashSet<long>();
        var position = CrossingCounter.Positions(graph, layers);
        for (var rank = 1; rank < layers.Length; rank++)
        {
            var upperCount = layers[rank - 1].Length;
            var layer = layers[rank];
            int k0 = 0, scan = 0;
            for (var i = 0; i < layer.Length; i++)
            {
                var inner = InnerSegmentSource(graph, layer[i]);
                if (inner < 0 && i != layer.Length - 1)
                {
                    continue;
                }

                var k1 = inner >= 0 ? position[inner] : upperCount;
                for (; scan <= i; scan++)
                {
                    var lower = layer[scan];
                    foreach (var upper in graph.Predecessors[lower])
                    {
                        var p = position[upper];
                        var isInner = graph.Vertices[upper].IsDummy && graph.Vertices[lower].IsDummy;
                        if ((p < k0 || p > k1) && !isInner)
                        {
                            conflicts.Add(Key(upper, lower));
                        }
                    }
                }

                k0 = k1;
            }
        }

        return conflicts;
    }

    private static int InnerSegmentSource(LayeredGraph graph, int vertex)
    {
        if (!graph.Vertices[vertex].IsDummy)
        {
            return -1;
        }

        foreach (var upper in graph.Predecessors[vertex])
        {
            if (graph.Vertices[upper].IsDummy)
            {
                return upper;
            }
        }

        return -1;
    }

    /// <summary>
    /// Aligns each vertex with a median neighbour in the rank before it (the paper's alignment step), in two
    /// passes per rank: main-path segments first, then side-path segments where they cross none of those.
    /// </summary>
    private static (int[] Root, int[] Align) AlignVertically(LayeredGraph graph, int[][] layers, HashSet<long> conflicts, int[][] neighbours)
    {
        var count = graph.Vertices.Length;
        var root = new int[count];
        var align = new int[count];
        var position = new int[count];
        var taken = new bool[count];
        for (var v = 0; v < count; v++)
        {
            root[v] = v;
            align[v] = v;
        }

        foreach (var layer in layers)
        {
            for (var i = 0; i < layer.Length; i++)
            {
                position[layer[i]] = i;
            }
        }

        var candidates = new List<int>();
        var upperOf = new int[layers.Select(l => l.Length).DefaultIfEmpty().Max()];
        foreach (var layer in layers)
        {
            foreach (var sidePath in new[] { false, true })
            {
                // Alignments must not cross: the upper partner must lie between those of the nearest aligned vertices either side.
                Array.Fill(upperOf, -1, 0, layer.Length);
                for (var i = 0; i < layer.Length; i++)
                {
                    if (align[layer[i]] != layer[i])
                    {
                        upperOf[i] = AlignedUpper(layer[i], neighbours, align);
                    }
                }

                var limitRight = new int[layer.Length];
                var next = int.MaxValue;
                for (var i = layer.Length - 1; i >= 0; i--)
                {
                    limitRight[i] = next;
                    next = upperOf[i] >= 0 ? position[upperOf[i]] : next;
                }

                var previous = -1;
                for (var i = 0; i < layer.Length; i++)
                {
                    var v = layer[i];
                    if (align[v] != v)
                    {
                        previous = position[upperOf[i]];
                        continue;
                    }

                    candidates.Clear();
                    foreach (var w in neighbours[v])
                    {
                        if (IsSecondary(graph, v, w) == sidePath)
                        {
                            candidates.Add(w);
                        }
                    }

                    if (candidates.Count == 0)
                    {
                        continue;
                    }

                    candidates.Sort((a, b) => position[a].CompareTo(position[b]));
                    var middle = (candidates.Count - 1) / 2.0;
                    for (var m = (int)Math.Floor(middle); m <= (int)Math.Ceiling(middle); m++)
                    {
                        var w = candidates[m];
                        if (align[v] == v && !taken[w] && previous < position[w] && position[w] < limitRight[i] && !conflicts.Contains(Key(v, w)))
                        {
                            align[w] = v;
                            root[v] = root[w];
                            align[v] = root[v];
                            taken[w] = true;
                            previous = position[w];
                        }
                    }
                }
            }
        }

        return (root, align);
    }

    /// <summary>The neighbour an aligned vertex was aligned with (the one whose align points at it).</summary>
    private static int AlignedUpper(int v, int[][] neighbours, int[] align)
    {
        foreach (var w in neighbours[v])
        {
            if (align[w] == v)
            {
                return w;
            }
        }

        return -1;
    }

    /// <summary>
    /// Places blocks: a block graph links the roots of neighbours in a rank with their separation; the longest
    /// path from the left packs blocks tightly, then blocks with room are pulled right towards their successors.
    /// </summary>
    private static double[] Compact(int count, int[][] layers, int[] root, int[] align, Func<int, int, double> separation)
    {
        var gaps = new Dictionary<(int, int), double>();
        foreach (var layer in layers)
        {
            for (var i = 1; i < layer.Length; i++)
            {
                var key = (root[layer[i - 1]], root[layer[i]]);
                var gap = separation(layer[i - 1], layer[i]);
                gaps[key] = gaps.TryGetValue(key, out var existing) ? Math.Max(existing, gap) : gap;
            }
        }

        var incoming = new List<(int From, double Gap)>[count];
        var outgoing = new List<(int To, double Gap)>[count];
        var pending = new int[count];
        foreach (var ((from, to), gap) in gaps)
        {
            (outgoing[from] ??= []).Add((to, gap));
            (incoming[to] ??= []).Add((from, gap));
            pending[to]++;
        }

        var order = new List<int>();
        var ready = new Queue<int>(Enumerable.Range(0, count).Where(v => root[v] == v && pending[v] == 0));
        while (ready.Count > 0)
        {
            var block = ready.Dequeue();
            order.Add(block);
            foreach (var (to, _) in outgoing[block] ?? [])
            {
                if (--pending[to] == 0)
                {
                    ready.Enqueue(to);
                }
            }
        }

        var x = new double[count];
        foreach (var block in order)
        {
            foreach (var (from, gap) in incoming[block] ?? [])
            {
                x[block] = Math.Max(x[block], x[from] + gap);
            }
        }

        for (var i = order.Count - 1; i >= 0; i--)
        {
            var block = order[i];
            var room = double.PositiveInfinity;
            foreach (var (to, gap) in outgoing[block] ?? [])
            {
                room = Math.Min(room, x[to] - gap);
            }

            if (!double.IsPositiveInfinity(room))
            {
                x[block] = Math.Max(x[block], room);
            }
        }

        for (var v = 0; v < count; v++)
        {
            x[v] = x[root[v]];
        }

        return x;
    }

    /// <summary>Shifts the four candidates onto the narrowest one: left-packed ones share its left edge, right-packed its right edge.</summary>
    private static void AlignToNarrowest(LayeredGraph graph, List<double[]> candidates)
    {
        var extents = candidates.Select(x => Extent(graph, x)).ToList();
        var narrowest = Enumerable.Range(0, candidates.Count).MinBy(i => extents[i].Max - extents[i].Min);
        for (var i = 0; i < candidates.Count; i++)
        {
            var leftmost = i % 2 == 0;
            var delta = leftmost ? extents[narrowest].Min - extents[i].Min : extents[narrowest].Max - extents[i].Max;
            for (var v = 0; v < candidates[i].Length; v++)
            {
                candidates[i][v] += delta;
            }
        }
    }

    private static (double Min, double Max) Extent(LayeredGraph graph, double[] x)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (var v = 0; v < x.Length; v++)
        {
            min = Math.Min(min, x[v] - graph.Vertices[v].Box.Left);
            max = Math.Max(max, x[v] + graph.Vertices[v].Box.Right);
        }

        return (min, max);
    }

    /// <summary>Average of the two median candidates; order statistics keep every separation of the candidates.</summary>
    private static double[] Balance(int count, List<double[]> candidates)
    {
        var x = new double[count];
        Span<double> values = stackalloc double[4];
        for (var v = 0; v < count; v++)
        {
            for (var i = 0; i < 4; i++)
            {
                values[i] = candidates[i][v];
            }

            values.Sort();
            x[v] = (values[1] + values[2]) / 2;
        }

        return x;
    }

    /// <summary>Whether the segment between two vertices belongs to a secondary edge (one of them is always a dummy of its chain).</summary>
    private static bool IsSecondary(LayeredGraph graph, int a, int b)
    {
        var chain = graph.Vertices[a].IsDummy ? graph.Vertices[a].Chain : graph.Vertices[b].Chain;
        return chain >= 0 && graph.Chains[chain].Edge.IsSecondary;
    }

    private static long Key(int a, int b) => a < b ? ((long)a << 32) | (uint)b : ((long)b << 32) | (uint)a;
}
