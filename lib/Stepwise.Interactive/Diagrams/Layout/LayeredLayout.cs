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
        var chainEdges = Enumerable.Range(0, edges.Count).Where(e => edges[e].From != edges[e].To).ToArray();
        var graphEdges = chainEdges.Select(e => new GraphEdge(index[edges[e].From], index[edges[e].To])).ToArray();
        measured = WidenForPorts(nodes, measured, graphEdges);
        var loopRoom = SelfLoopRoom(diagram, index, labels);
        var boxes = measured.Select((m, n) => new NodeBox(m.Width / 2, m.Width / 2 + loopRoom[n], m.Height)).ToArray();

        // (1) cycles, (2) layers, (3) dummies, (4) crossings, (5) coordinates.
        var roots = StartNode(nodes);
        var reversed = CycleBreaker.FindBackEdges(nodes.Count, graphEdges, roots);
        var onMainPath = MainPath(nodes.Count, edges, index, roots);
        var downwards = graphEdges.Select((g, i) => reversed[i] ? new GraphEdge(g.To, g.From) : g).ToArray();
        var layers = LayerAssigner.Assign(nodes.Count, downwards);
        var layerEdges = chainEdges.Select((e, i) => new LayerEdge(
            downwards[i].From,
            downwards[i].To,
            e,
            reversed[i],
            LabelBox(labels[e]),
            IsSecondary: edges[e].Style == EdgeStyle.Catch || !onMainPath[graphEdges[i].From])).ToArray();
        var graph = LayeredGraph.Build(boxes, layers, layerEdges);
        var order = CrossingMinimizer.Order(graph);
        var x = BrandesKopf.Assign(graph, order, (a, b) => Separation(graph, a, b));
        EnforceSeparation(graph, order, x);
        RunRefiner.Refine(graph, order, x, (a, b) => Separation(graph, a, b));
        var innerWidth = ShiftIntoMargin(graph, x, margin, title?.Width ?? 0);
        var bands = RankBands.Compute(graph, x, margin + titleHeight);

        // (6) boxes and routes.
        var bounds = new Rect[nodes.Count];
        for (var n = 0; n < nodes.Count; n++)
        {
            bounds[n] = Rect.Centered(x[n], bands.Center(graph.Vertices[n].Rank), measured[n].Width, measured[n].Height);
        }

        var isMarker = nodes.Select(n => n.Kind is NodeKind.Start or NodeKind.End).ToArray();
        var routes = EdgeRouter.Route(graph, x, bands, bounds, isMarker);
        var edgeLayouts = LayoutEdges(diagram, index, graph, routes, x, bands, bounds, labels);
        var nodeLayouts = nodes.Select((node, n) => new NodeLayout(node, bounds[n], measured[n].Label, NodeMeasurer.Arrange(measured[n], bounds[n]))).ToArray();
        var width = innerWidth + 2 * margin;
        var height = (bands.Top.Count > 0 ? bands.TotalHeight : margin + titleHeight) + margin;
        var titleBounds = title is null ? default : new Rect(margin, margin, innerWidth, title.Height);
        return new DiagramLayout(diagram, Math.Ceiling(width), Math.Ceiling(height), title, titleBounds, nodeLayouts, edgeLayouts);
    }

    /// <summary>Moves the drawing so it starts at the margin, centred under a wider title; returns the width inside the margins.</summary>
    private static double ShiftIntoMargin(LayeredGraph graph, double[] x, double margin, double titleWidth)
    {
        var left = graph.Vertices.Length == 0 ? 0 : graph.Vertices.Select((v, i) => x[i] - v.Box.Left).Min();
        var right = graph.Vertices.Length == 0 ? 0 : graph.Vertices.Select((v, i) => x[i] + v.Box.Right).Max();
        var innerWidth = Math.Max(right - left, titleWidth);
        var shift = margin + (innerWidth - (right - left)) / 2 - left;
        for (var v = 0; v < x.Length; v++)
        {
            x[v] += shift;
        }

        return innerWidth;
    }

    /// <summary>Room a node keeps on its right for its self-loops and their labels.</summary>
    private static double[] SelfLoopRoom(Diagram diagram, Dictionary<string, int> index, TextBlock?[] labels)
    {
        var room = new double[diagram.Nodes.Count];
        for (var e = 0; e < diagram.Edges.Count; e++)
        {
            var edge = diagram.Edges[e];
            if (edge.From == edge.To)
            {
                var labelRoom = labels[e] is { } label ? label.Width + 2 * LayoutMetrics.EdgeLabelPaddingX + 4 : 0;
                room[index[edge.From]] = Math.Max(room[index[edge.From]], LayoutMetrics.SelfLoopReach + labelRoom);
            }
        }

        return room;
    }

    private static EdgeLayout[] LayoutEdges(
        Diagram diagram,
        Dictionary<string, int> index,
        LayeredGraph graph,
        IReadOnlyList<IReadOnlyList<Point>> routes,
        double[] x,
        RankBands bands,
        Rect[] bounds,
        TextBlock?[] labels)
    {
        var chainOf = new int[diagram.Edges.Count];
        for (var c = 0; c < graph.Chains.Count; c++)
        {
            chainOf[graph.Chains[c].Edge.Edge] = c;
        }

        var layouts = new EdgeLayout[diagram.Edges.Count];
        for (var e = 0; e < layouts.Length; e++)
        {
            var edge = diagram.Edges[e];
            if (edge.From == edge.To)
            {
                layouts[e] = SelfLoop(edge, bounds[index[edge.From]], labels[e]);
                continue;
            }

            var chain = graph.Chains[chainOf[e]];
            var route = routes[chainOf[e]];
            var points = chain.Edge.IsReversed ? route.Reverse().ToArray() : route;
            var labelBounds = default(Rect);
            if (chain.LabelVertex >= 0)
            {
                var vertex = graph.Vertices[chain.LabelVertex];
                labelBounds = Rect.Centered(x[chain.LabelVertex], bands.Center(vertex.Rank), vertex.Box.Left + vertex.Box.Right, vertex.Box.Height);
            }

            layouts[e] = new EdgeLayout(edge, points, chain.Edge.IsReversed, false, labels[e], labelBounds);
        }

        return layouts;
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

    /// <summary>Makes a box wide enough that its edges (say, every Catch into one Fail state) get distinct ports.</summary>
    private static MeasuredNode[] WidenForPorts(IReadOnlyList<DiagramNode> nodes, MeasuredNode[] measured, IReadOnlyList<GraphEdge> edges)
    {
        var incoming = new int[nodes.Count];
        var outgoing = new int[nodes.Count];
        foreach (var edge in edges)
        {
            outgoing[edge.From]++;
            incoming[edge.To]++;
        }

        return measured.Select((m, n) =>
        {
            var ports = Math.Max(incoming[n], outgoing[n]);
            var needed = (ports - 1) * LayoutMetrics.PortSpacing + 2 * LayoutMetrics.PortInset;
            return nodes[n].Kind is NodeKind.Start or NodeKind.End || m.Children.Count > 0 || needed <= m.Width ? m : m with { Width = Math.Ceiling(needed) };
        }).ToArray();
    }

    /// <summary>
    /// Nodes reached from the start without taking a Catch: their Next chain is what should read straight down.
    /// Everything else (error handlers and what they lead to) is a side path whose edges may bend.
    /// </summary>
    private static bool[] MainPath(int nodeCount, IReadOnlyList<DiagramEdge> edges, Dictionary<string, int> index, int[] roots)
    {
        var reached = new bool[nodeCount];
        var next = new List<int>[nodeCount];
        foreach (var edge in edges.Where(e => e.Style != EdgeStyle.Catch))
        {
            (next[index[edge.From]] ??= []).Add(index[edge.To]);
        }

        var queue = new Queue<int>(roots);
        foreach (var root in roots)
        {
            reached[root] = true;
        }

        while (queue.Count > 0)
        {
            foreach (var target in next[queue.Dequeue()] ?? [])
            {
                if (!reached[target])
                {
                    reached[target] = true;
                    queue.Enqueue(target);
                }
            }
        }

        return reached;
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
