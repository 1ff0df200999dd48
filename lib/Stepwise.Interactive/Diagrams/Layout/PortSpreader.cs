namespace Stepwise.Interactive.Diagrams.Layout;

/// <summary>
/// Chooses where edges leave or enter a node's top or bottom border: straight above/below their next bend
/// where that lies over the node (so aligned edges run straight), otherwise at the nearest corner, and never
/// closer together than a few pixels so several edges stay distinguishable.
/// </summary>
internal static class PortSpreader
{
    /// <summary>Returns a port x per wish, in the same order; all within [<paramref name="left"/>, <paramref name="right"/>].</summary>
    public static double[] Spread(IReadOnlyList<double> wishes, double left, double right)
    {
        var ports = new double[wishes.Count];
        if (wishes.Count == 0)
        {
            return ports;
        }

        var low = left + LayoutMetrics.PortInset;
        var high = Math.Max(low, right - LayoutMetrics.PortInset);
        var spacing = wishes.Count > 1 ? Math.Min(LayoutMetrics.PortSpacing, (high - low) / (wishes.Count - 1)) : 0;
        var order = Enumerable.Range(0, wishes.Count).OrderBy(i => wishes[i]).ToArray();
        for (var k = 0; k < order.Length; k++)
        {
            var x = Math.Clamp(wishes[order[k]], low, high);
            ports[order[k]] = k == 0 ? x : Math.Max(x, ports[order[k - 1]] + spacing);
        }

        ports[order[^1]] = Math.Min(ports[order[^1]], high);
        for (var k = order.Length - 2; k >= 0; k--)
        {
            ports[order[k]] = Math.Min(ports[order[k]], ports[order[k + 1]] - spacing);
        }

        return ports;
    }
}
