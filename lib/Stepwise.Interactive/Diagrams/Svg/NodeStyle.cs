namespace Stepwise.Interactive.Diagrams.Svg;

/// <summary>Fill, border and text colour of a node: by status when it has one, otherwise by kind.</summary>
internal sealed record NodeStyle(string Fill, string Stroke, double StrokeWidth, string Text)
{
    public static NodeStyle For(DiagramNode node)
    {
        if (node.Status is { } status)
        {
            return new NodeStyle(Palette.Fill(status), Palette.Stroke(status), status == NodeStatus.NotStarted ? 1.2 : 1.5, Palette.Text(status));
        }

        return node.Kind switch
        {
            NodeKind.Choice => new NodeStyle(Palette.ChoiceFill, Palette.ChoiceAccent, 1.4, Palette.Ink),
            NodeKind.Succeed => new NodeStyle(Palette.SucceedFill, Palette.SucceedBorder, 1.6, Palette.Ink),
            NodeKind.Fail => new NodeStyle(Palette.FailFill, Palette.FailBorder, 1.6, Palette.Ink),
            NodeKind.Parallel or NodeKind.Map => new NodeStyle(Palette.CompoundFill, Palette.CompoundBorder, 1.2, Palette.Ink),
            _ => new NodeStyle(Palette.Background, Palette.Border, 1.2, Palette.Ink),
        };
    }
}
