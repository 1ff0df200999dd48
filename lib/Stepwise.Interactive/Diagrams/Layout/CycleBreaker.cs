namespace Stepwise.Interactive.Diagrams.Layout;

/// <summary>
/// Sugiyama step 1: makes the graph acyclic. A depth-first search from the start node marks every edge that
/// closes a cycle (it points at a node still on the search stack); those edges are laid out reversed and
/// drawn back with the arrow at their real target. Starting at the start node keeps loops like
/// Wait → Check → Choice → Wait flowing downwards with only the retry edge pointing up.
/// </summary>
internal static class CycleBreaker
{
    /// <summary>Returns, per edge, whether it must be reversed. Self-loops are never reversed (they are drawn apart).</summary>
    public static bool[] FindBackEdges(int nodeCount, IReadOnlyList<GraphEdge> edges, IEnumerable<int> rootOrder)
    {
        var outgoing = new List<int>[nodeCount];
        for (var n = 0; n < nodeCount; n++)
        {
            outgoing[n] = [];
        }

        for (var e = 0; e < edges.Count; e++)
        {
            outgoing[edges[e].From].Add(e);
        }

        var reversed = new bool[edges.Count];
        var state = new byte[nodeCount]; // 0 unseen, 1 on stack, 2 done
        var stack = new Stack<(int Node, int Next)>();
        foreach (var root in rootOrder.Concat(Enumerable.Range(0, nodeCount)))
        {
            if (state[root] != 0)
            {
                continue;
            }

            state[root] = 1;
            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                if (next == outgoing[node].Count)
                {
                    state[node] = 2;
                    continue;
                }

                stack.Push((node, next + 1));
                var edge = outgoing[node][next];
                var target = edges[edge].To;
                if (target == node)
                {
                    continue;
                }

                switch (state[target])
                {
                    case 1:
                        reversed[edge] = true;
                        break;
                    case 0:
                        state[target] = 1;
                        stack.Push((target, 0));
                        break;
                }
            }
        }

        return reversed;
    }
}
