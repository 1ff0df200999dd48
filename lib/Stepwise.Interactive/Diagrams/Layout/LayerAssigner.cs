namespace Stepwise.Interactive.Diagrams.Layout;

/// <summary>
/// Sugiyama step 2: gives each node of an acyclic graph a layer. Longest path from the sources puts every node
/// below all its predecessors; then nodes with more outgoing than incoming edges are pulled down towards their
/// successors, which shortens the total edge length (a stray source no longer hangs at the top, far from the
/// node it feeds).
/// </summary>
internal static class LayerAssigner
{
    /// <summary>Returns the layer (0 = top) of every node; layers are dense (none is empty).</summary>
    public static int[] Assign(int nodeCount, IReadOnlyList<GraphEdge> dagEdges)
    {
        var successors = new List<int>[nodeCount];
        var predecessors = new List<int>[nodeCount];
        for (var n = 0; n < nodeCount; n++)
        {
            successors[n] = [];
            predecessors[n] = [];
        }

        foreach (var edge in dagEdges)
        {
            if (edge.From != edge.To)
            {
                successors[edge.From].Add(edge.To);
                predecessors[edge.To].Add(edge.From);
            }
        }

        var order = TopologicalOrder(nodeCount, successors, predecessors);
        var layer = new int[nodeCount];
        foreach (var node in order)
        {
            foreach (var successor in successors[node])
            {
                layer[successor] = Math.Max(layer[successor], layer[node] + 1);
            }
        }

        for (var i = order.Count - 1; i >= 0; i--)
        {
            var node = order[i];
            if (successors[node].Count > predecessors[node].Count)
            {
                layer[node] = successors[node].Min(s => layer[s]) - 1;
            }
        }

        return Compact(layer);
    }

    private static List<int> TopologicalOrder(int nodeCount, List<int>[] successors, List<int>[] predecessors)
    {
        var remaining = predecessors.Select(p => p.Count).ToArray();
        var ready = new Queue<int>(Enumerable.Range(0, nodeCount).Where(n => remaining[n] == 0));
        var order = new List<int>(nodeCount);
        while (ready.Count > 0)
        {
            var node = ready.Dequeue();
            order.Add(node);
            foreach (var successor in successors[node])
            {
                if (--remaining[successor] == 0)
                {
                    ready.Enqueue(successor);
                }
            }
        }

        if (order.Count != nodeCount)
        {
            throw new InvalidOperationException("Layer assignment needs an acyclic graph; reverse the back edges first.");
        }

        return order;
    }

    private static int[] Compact(int[] layer)
    {
        var used = layer.Distinct().Order().ToArray();
        var dense = new Dictionary<int, int>();
        for (var i = 0; i < used.Length; i++)
        {
            dense[used[i]] = i;
        }

        return layer.Select(l => dense[l]).ToArray();
    }
}
