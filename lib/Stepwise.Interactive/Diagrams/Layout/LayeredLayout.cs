namespace Stepwise.Interactive.Diagrams.Layout;

/// <summary>
/// Lays a diagram out top to bottom with the Sugiyama method: break cycles, assign layers, insert dummies,
/// reduce crossings, assign coordinates, route edges. Compound nodes (Parallel, Map) are laid out
/// bottom-up: their children first, then the node is one big box in its parent.
/// </summary>
internal static class LayeredLayout
{
    public static DiagramLayout Compute(Diagram diagram, LayoutOptions? options = null)
    {
        options ??= new LayoutOptions();
        var index = DiagramValidator.IndexNodes(diagram);
        var nodes = diagram.Nodes;
        var edges = diagram.Edges;
        var margin = options.Margin;
        var title = string.IsNullOrWhiteSpace(diagram.Title) ? null : TextMeasure.Wrap(diagram.Title, 80, 1, options.TitleFontSize, bold: true);
        var titleHeight = title is null ? 0 : title.Height + LayoutMetrics.TitleGap;

        var measured = nodes.Select(n => NodeMeasurer.Measure(n, options)).ToArray();
        var labels = edges.Select(EdgeLabel).ToArray();
        var loopRoom = new double[nodes.Count];
        var chainEdges = new List<int>(edges.Count);
        for (var e = 0; e < edges.Count; e++)
        {
            var from = index[edges[e].From];
            if (from == index[edges[e].To])
            {
                var labelRoom = labels[e] is { } label ? label.Width + 2 * LayoutMetrics.EdgeLabelPaddingX + 4 : 0;
                loopRoom[from] = Math.Max(loopRoom[from], LayoutMetrics.SelfLoopReach + labelRoom);
            }
            else
            {
                chainEdges.Add(e);
            }
        }

        var boxes = measured.Select((m, n) => new NodeBox(m.Width / 2, m.Width / 2 + loopRoom[n], m.Height)).ToArray();
        var graphEdges = chainEdges.Select(e => new GraphEdge(index[edges[e].From], index[edges[e].To])).ToArray();
        var reversed = CycleBreaker.FindBackEdges(nodes.Count, graphEdges, StartNode(nodes));
        var downwards = graphEdges.Select((g, i) => reversed[i] ? new GraphEdge(g.To, g.From) : g).ToArray();
        var layers = LayerAssigner.Assign(nodes.Count, downwards);
        var layerEdges = chainEdges.Select((e, i) => new LayerEdge(downwards[i].From, downwards[i].To, e, reversed[i], LabelBox(labels[e]), edges[e].Style == EdgeStyle.Catch)).ToArray();

        var graph = LayeredGraph.Build(boxes, layers, layerEdges);
        var order = CrossingMinimizer.Order(graph);
        var x = BrandesKopf.Assign(graph, order, (a, b) => Separation(graph, a, b));
        EnforceSeparation(graph, order, x);
        RunRefiner.Refine(graph, order, x, (a, b) => Separation(graph, a, b));

        var contentLeft = graph.Vertices.Count == 0 ? 0 : graph.Vertices.Select((v, i) => x[i] - v.Box.Left).Min();
        var contentRight = graph.Vertices.Count == 0 ? 0 : graph.Vertices.Select((v, i) => x[i] + v.Box.Right).Max();
        var contentWidth = contentRight - contentLeft;
        var innerWidth = Math.Max(contentWidth, title?.Width ?? 0);
        var shift = margin + (innerWidth - contentWidth) / 2 - contentLeft;
        for (var v = 0; v < x.Length; v++)
        {
            x[v] += shift;
        }

        var bands = RankBands.Compute(graph, margin + titleHeight);
        var bounds = new Rect[nodes.Count];
        for (var n = 0; n < nodes.Count; n++)
        {
            bounds[n] = Rect.Centered(x[n], bands.Center(graph.Vertices[n].Rank), measured[n].Width, measured[n].Height);
        }

        var isMarker = nodes.Select(n => n.Kind is NodeKind.Start or NodeKind.End).ToArray();
        var routes = EdgeRouter.Route(graph, x, bands, bounds, isMarker);
        var chainOf = new int[edges.Count];
        for (var c = 0; c < graph.Chains.Count; c++)
        {
            chainOf[graph.Chains[c].Edge.Edge] = c;
        }

        var edgeLayouts = new EdgeLayout[edges.Count];
        for (var e = 0; e < edges.Count; e++)
        {
            var from = index[edges[e].From];
            if (from == index[edges[e].To])
            {
                edgeLayouts[e] = SelfLoop(edges[e], bounds[from], labels[e]);
                continue;
            }

            var chain = graph.Chains[chainOf[e]];
            var points = chain.Edge.IsReversed ? routes[chainOf[e]].Reverse().ToArray() : routes[chainOf[e]];
            var labelBounds = chain.LabelVertex < 0
                ? default
                : Rect.Centered(x[chain.LabelVertex], bands.Center(graph.Vertices[chain.LabelVertex].Rank), graph.Vertices[chain.LabelVertex].Box.Left * 2, graph.Vertices[chain.LabelVertex].Box.Height);
            edgeLayouts[e] = new EdgeLayout(edges[e], points, chain.Edge.IsReversed, false, labels[e], labelBounds);
        }

        var nodeLayouts = nodes.Select((node, n) => new NodeLayout(node, bounds[n], measured[n].Label, NodeMeasurer.Arrange(measured[n], bounds[n]))).ToArray();
        var width = innerWidth + 2 * margin;
        var height = (bands.Top.Count > 0 ? bands.TotalHeight : margin + titleHeight) + margin;
        var titleBounds = title is null ? default : new Rect(margin, margin, innerWidth, title.Height);
        return new DiagramLayout(diagram, Math.Ceiling(width), Math.Ceiling(height), title, titleBounds, nodeLayouts, edgeLayouts);
    }

    /// <summary>The depth-first search for back edges starts at the Start marker, else at the first node.</summary>
    private static int[] StartNode(IReadOnlyList<DiagramNode> nodes)
    {
        for (var n = 0; n < nodes.Count; n++)
        {
            if (nodes[n].Kind == NodeKind.Start)
            {
                return [n];
            }
        }

        return nodes.Count > 0 ? [0] : [];
    }

    private static TextBlock? EdgeLabel(DiagramEdge edge) =>
        string.IsNullOrWhiteSpace(edge.Label) ? null : TextMeasure.Wrap(edge.Label, LayoutMetrics.EdgeLabelMaxChars, 2, LayoutMetrics.EdgeLabelFontSize);

    private static NodeBox? LabelBox(TextBlock? label) =>
        label is null ? null : NodeBox.Centered(Math.Ceiling(label.Width + 2 * LayoutMetrics.EdgeLabelPaddingX), Math.Ceiling(label.Height + 2 * LayoutMetrics.EdgeLabelPaddingY));

    private static double Separation(LayeredGraph graph, int left, int right)
    {
        var a = graph.Vertices[left];
        var b = graph.Vertices[right];
        var gap = (a.IsDummy, b.IsDummy) switch
        {
            (false, false) => LayoutMetrics.NodeGap,
            (true, true) => LayoutMetrics.EdgeGap,
            _ => LayoutMetrics.NodeGap / 2,
        };
        return a.Box.Right + b.Box.Left + gap;
    }

    /// <summary>Safety net: pushes vertices right wherever a rank is closer than its separation (a no-op for a valid assignment).</summary>
    private static void EnforceSeparation(LayeredGraph graph, int[][] order, double[] x)
    {
        foreach (var layer in order)
        {
            for (var i = 1; i < layer.Length; i++)
            {
                x[layer[i]] = Math.Max(x[layer[i]], x[layer[i - 1]] + Separation(graph, layer[i - 1], layer[i]));
            }
        }
    }

    /// <summary>A loop out of the right border and back, with its label beside it.</summary>
    private static EdgeLayout SelfLoop(DiagramEdge edge, Rect node, TextBlock? label)
    {
        var right = node.Right;
        var points = new[]
        {
            new Point(right, node.CenterY - 7),
            new Point(right + LayoutMetrics.SelfLoopReach * 0.8, node.CenterY),
            new Point(right, node.CenterY + 7),
        };
        var labelBox = LabelBox(label);
        var labelBounds = labelBox is null
            ? default
            : new Rect(right + LayoutMetrics.SelfLoopReach, node.CenterY - labelBox.Value.Height / 2, labelBox.Value.Left * 2, labelBox.Value.Height);
        return new EdgeLayout(edge, points, false, true, label, labelBounds);
    }
}
