namespace Stepwise.Interactive.Diagrams.Layout;

/// <summary>
/// Space a vertex takes in its rank, measured from its anchor x: <paramref name="Left"/> and <paramref name="Right"/>
/// may differ (a node with a self-loop reserves room on its right).
/// </summary>
internal readonly record struct NodeBox(double Left, double Right, double Height)
{
    public static NodeBox Centered(double width, double height) => new(width / 2, width / 2, height);
}
