namespace Stepwise.Interactive.Diagrams.Layout;

/// <summary>
/// Sugiyama step 6: turns each edge chain into a polyline, top to bottom. It leaves its upper node at a bottom
/// port, drops vertically to the bottom of that node's band, passes each dummy vertically through the dummy's
/// band (so it never cuts across a node of that rank), and enters its lower node at a top port. Between bands
/// the renderer joins the points with vertical-tangent curves, which stay inside the gaps.
/// </summary>
internal static class EdgeRouter
{
    public static IReadOnlyList<IReadOnlyList<Point>> Route(LayeredGraph graph, double[] x, RankBands bands, IReadOnlyList<Rect> nodeBounds, IReadOnlyList<bool> isMarker)
    {
        var chains = graph.Chains;
        var exits = Ports(chains, nodeBounds, isMarker, x, chain => chain.Vertices[0], chain => chain.Vertices[1]);
        var entries = Ports(chains, nodeBounds, isMarker, x, chain => chain.Vertices[^1], chain => chain.Vertices[^2]);
        var routes = new List<IReadOnlyList<Point>>(chains.Count);
        for (var c = 0; c < chains.Count; c++)
        {
            var vertices = chains[c].Vertices;
            var from = nodeBounds[vertices[0]];
            var to = nodeBounds[vertices[^1]];
            var points = new List<Point>(2 * vertices.Count + 2) { new(exits[c], from.Bottom) };
            var fromBandBottom = bands.Bottom(graph.Vertices[vertices[0]].Rank);
            if (from.Bottom < fromBandBottom - 0.5)
            {
                points.Add(new Point(exits[c], fromBandBottom));
            }

            for (var i = 1; i < vertices.Count - 1; i++)
            {
                var rank = graph.Vertices[vertices[i]].Rank;
                points.Add(new Point(x[vertices[i]], bands.Top[rank]));
                points.Add(new Point(x[vertices[i]], bands.Bottom(rank)));
            }

            var toBandTop = bands.Top[graph.Vertices[vertices[^1]].Rank];
            if (to.Y > toBandTop + 0.5)
            {
                points.Add(new Point(entries[c], toBandTop));
            }

            points.Add(new Point(entries[c], to.Y));
            routes.Add(WithoutInnerVerticalPoints(points));
        }

        return routes;
    }

    /// <summary>Drops points in the middle of a vertical run: a long edge needs only the ends of its straight stretches.</summary>
    private static List<Point> WithoutInnerVerticalPoints(List<Point> points)
    {
        var kept = new List<Point>(points.Count) { points[0] };
        for (var i = 1; i < points.Count - 1; i++)
        {
            var straightThrough = Math.Abs(kept[^1].X - points[i].X) < 0.01 && Math.Abs(points[i + 1].X - points[i].X) < 0.01;
            if (!straightThrough)
            {
                kept.Add(points[i]);
            }
        }

        kept.Add(points[^1]);
        return kept;
    }

    private static double[] Ports(
        IReadOnlyList<EdgeChain> chains,
        IReadOnlyList<Rect> nodeBounds,
        IReadOnlyList<bool> isMarker,
        double[] x,
        Func<EdgeChain, int> node,
        Func<EdgeChain, int> neighbour)
    {
        var ports = new double[chains.Count];
        foreach (var group in Enumerable.Range(0, chains.Count).GroupBy(c => node(chains[c])))
        {
            var bounds = nodeBounds[group.Key];
            var members = group.ToArray();
            if (isMarker[group.Key])
            {
                foreach (var c in members)
                {
                    ports[c] = bounds.CenterX;
                }

                continue;
            }

            var spread = PortSpreader.Spread(members.Select(c => x[neighbour(chains[c])]).ToArray(), bounds.X, bounds.Right);
            for (var i = 0; i < members.Length; i++)
            {
                ports[members[i]] = spread[i];
            }
        }

        return ports;
    }
}
