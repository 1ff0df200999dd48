namespace Stepwise.Interactive.Diagrams.Layout;

/// <summary>
/// Sugiyama step 5c: tightens the Brandes–Köpf result. Balancing four packings leaves vertices with slack
/// (a Catch handler, a Choice branch) floating halfway towards whatever bounds them, often a long edge far
/// to the side. This pass moves each straight vertical run (vertices joined by vertical segments) as a unit to
/// the weighted median of its outside neighbours, clamped between its neighbours in each rank. Each move is
/// optimal for its run, so the total weighted horizontal edge length never grows, no straight segment is
/// bent, and separation is kept.
/// </summary>
internal static class RunRefiner
{
    private const int MaxRounds = 12;
    private const double Aligned = 0.01;

    public static void Refine(LayeredGraph graph, int[][] layers, double[] x, Func<int, int, double> separation)
    {
        var count = graph.Vertices.Length;
        var left = new int[count];
        var right = new int[count];
        foreach (var layer in layers)
        {
            for (var i = 0; i < layer.Length; i++)
            {
                left[layer[i]] = i > 0 ? layer[i - 1] : -1;
                right[layer[i]] = i + 1 < layer.Length ? layer[i + 1] : -1;
            }
        }

        var pulls = new List<(double X, double Weight)>();
        for (var round = 0; round < MaxRounds; round++)
        {
            var moved = false;
            foreach (var run in Runs(graph, layers, x))
            {
                var current = x[run[0]];
                var (low, high) = (double.NegativeInfinity, double.PositiveInfinity);
                pulls.Clear();
                foreach (var v in run)
                {
                    if (left[v] >= 0)
                    {
                        low = Math.Max(low, x[left[v]] + separation(left[v], v));
                    }

                    if (right[v] >= 0)
                    {
                        high = Math.Min(high, x[right[v]] - separation(v, right[v]));
                    }

                    AddPulls(graph, graph.Predecessors[v], v, x, current, pulls);
                    AddPulls(graph, graph.Successors[v], v, x, current, pulls);
                }

                if (pulls.Count == 0 || low > high + Aligned)
                {
                    continue;
                }

                var target = Math.Clamp(MedianNearest(pulls, current), low, high);
                if (Math.Abs(target - current) > Aligned)
                {
                    foreach (var v in run)
                    {
                        x[v] = target;
                    }

                    moved = true;
                }
            }

            if (!moved)
            {
                return;
            }
        }
    }

    /// <summary>Neighbours not on the run itself (a vertical neighbour is on it) pull with the edge's weight.</summary>
    private static void AddPulls(LayeredGraph graph, int[] neighbours, int v, double[] x, double current, List<(double X, double Weight)> pulls)
    {
        foreach (var w in neighbours)
        {
            if (Math.Abs(x[w] - current) > Aligned)
            {
                pulls.Add((x[w], Weight(graph, v, w)));
            }
        }
    }

    /// <summary>Long-edge segments weigh most (they should stay straight); Catch edges least (they may bend).</summary>
    private static double Weight(LayeredGraph graph, int a, int b)
    {
        var (va, vb) = (graph.Vertices[a], graph.Vertices[b]);
        var chain = va.IsDummy ? va.Chain : vb.Chain;
        var weight = va.IsDummy && vb.IsDummy ? 8.0 : 2.0;
        return chain >= 0 && graph.Chains[chain].Edge.IsSecondary ? weight / 4 : weight;
    }

    /// <summary>The weighted median; when a whole interval is optimal, its point nearest to <paramref name="current"/>.</summary>
    private static double MedianNearest(List<(double X, double Weight)> pulls, double current)
    {
        pulls.Sort((a, b) => a.X.CompareTo(b.X));
        var total = pulls.Sum(p => p.Weight);
        double below = 0;
        for (var i = 0; i < pulls.Count; i++)
        {
            below += pulls[i].Weight;
            if (below > total / 2 + 1e-9)
            {
                return pulls[i].X;
            }

            if (Math.Abs(below - total / 2) <= 1e-9)
            {
                return Math.Clamp(current, pulls[i].X, pulls[i + 1].X);
            }
        }

        return pulls[^1].X;
    }

    /// <summary>Maximal chains of vertices joined by vertical segments, found from the top.</summary>
    private static List<List<int>> Runs(LayeredGraph graph, int[][] layers, double[] x)
    {
        var inRun = new bool[graph.Vertices.Length];
        var runs = new List<List<int>>();
        foreach (var layer in layers)
        {
            foreach (var start in layer)
            {
                if (inRun[start])
                {
                    continue;
                }

                var run = new List<int> { start };
                inRun[start] = true;
                var v = start;
                while (true)
                {
                    var next = -1;
                    foreach (var w in graph.Successors[v])
                    {
                        if (!inRun[w] && Math.Abs(x[w] - x[v]) <= Aligned)
                        {
                            next = w;
                            break;
                        }
                    }

                    if (next < 0)
                    {
                        break;
                    }

                    run.Add(next);
                    inRun[next] = true;
                    v = next;
                }

                runs.Add(run);
            }
        }

        return runs;
    }
}
