namespace Stepwise.Interactive.Diagrams.Layout;

/// <summary>Sizes a node from its label (about 7px per character at 12px), or, for a compound node, from its laid-out children.</summary>
internal static class NodeMeasurer
{
    private const int MaxLabelLines = 2;

    public static MeasuredNode Measure(DiagramNode node, LayoutOptions options)
    {
        if (node.Kind is NodeKind.Start or NodeKind.End)
        {
            var marker = TextMeasure.Wrap(node.Kind == NodeKind.Start ? "Start" : "End", 8, 1, 11, bold: true);
            return new MeasuredNode(marker, LayoutMetrics.MarkerDiameter, LayoutMetrics.MarkerDiameter, [], 0);
        }

        if (node.Children.Count > 0)
        {
            return MeasureCompound(node, options);
        }

        var label = TextMeasure.Wrap(node.Label, options.MaxLabelChars, MaxLabelLines);
        var icon = node.Kind is NodeKind.Choice or NodeKind.Wait ? LayoutMetrics.IconSpace : 0;
        var width = Math.Max(LayoutMetrics.MinNodeWidth, Math.Ceiling(label.Width + icon + 2 * LayoutMetrics.NodePaddingX));
        var height = Math.Ceiling(label.Height + 2 * LayoutMetrics.NodePaddingY);
        return new MeasuredNode(label, width, height, [], 0);
    }

    /// <summary>The caption drawn in a compound node's header next to its name.</summary>
    public static string KindCaption(NodeKind kind) => kind switch
    {
        NodeKind.Parallel => "PARALLEL",
        NodeKind.Map => "MAP",
        _ => string.Empty,
    };

    private static MeasuredNode MeasureCompound(DiagramNode node, LayoutOptions options)
    {
        var label = TextMeasure.Wrap(node.Label, options.MaxLabelChars, MaxLabelLines, bold: true);
        var childOptions = options with { Margin = LayoutMetrics.CompoundColumnPadding, TitleFontSize = LayoutMetrics.BranchTitleFontSize };
        var children = node.Children.Select(child => LayeredLayout.Compute(child, childOptions)).ToList();
        var caption = TextMeasure.Width(KindCaption(node.Kind), LayoutMetrics.KindCaptionFontSize);
        var headerWidth = label.Width + caption + 3 * LayoutMetrics.NodePaddingX;
        var headerHeight = Math.Ceiling(label.Height + 2 * LayoutMetrics.CompoundHeaderPadding);
        var width = Math.Max(headerWidth, children.Sum(c => c.Width));
        var height = headerHeight + children.Max(c => c.Height);
        return new MeasuredNode(label, Math.Ceiling(width), Math.Ceiling(height), children, headerHeight);
    }

    /// <summary>Places the children of a compound node side by side under its header, sharing any spare width.</summary>
    public static IReadOnlyList<NestedLayout> Arrange(MeasuredNode measured, Rect bounds)
    {
        if (measured.Children.Count == 0)
        {
            return [];
        }

        var spare = (bounds.Width - measured.Children.Sum(c => c.Width)) / measured.Children.Count;
        var top = bounds.Y + measured.HeaderHeight;
        var x = bounds.X;
        var placed = new List<NestedLayout>(measured.Children.Count);
        foreach (var child in measured.Children)
        {
            var column = new Rect(x, top, child.Width + spare, bounds.Bottom - top);
            placed.Add(new NestedLayout(child, new Point(x + spare / 2, top), column));
            x = column.Right;
        }

        return placed;
    }
}
