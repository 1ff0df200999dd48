namespace Stepwise.Interactive.Diagrams.Layout;

/// <summary>Checks a diagram before layout: node ids unique, edges between known nodes.</summary>
internal static class DiagramValidator
{
    /// <summary>Returns the index of every node id.</summary>
    /// <exception cref="ArgumentException">A node id repeats, or an edge names a node that is not in the diagram.</exception>
    public static Dictionary<string, int> IndexNodes(Diagram diagram)
    {
        ArgumentNullException.ThrowIfNull(diagram);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < diagram.Nodes.Count; i++)
        {
            var node = diagram.Nodes[i] ?? throw new ArgumentException($"Node {i} of diagram '{diagram.Title}' is null.", nameof(diagram));
            if (!index.TryAdd(node.Id, i))
            {
                throw new ArgumentException($"Diagram '{diagram.Title}' has two nodes with id '{node.Id}'; node ids must be unique within a diagram.", nameof(diagram));
            }
        }

        foreach (var edge in diagram.Edges)
        {
            foreach (var end in new[] { edge.From, edge.To })
            {
                if (!index.ContainsKey(end))
                {
                    throw new ArgumentException($"Edge '{edge.From}' -> '{edge.To}' refers to unknown node '{end}'; add a node with that id or drop the edge.", nameof(diagram));
                }
            }
        }

        return index;
    }
}
