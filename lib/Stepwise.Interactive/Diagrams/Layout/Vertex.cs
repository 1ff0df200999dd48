namespace Stepwise.Interactive.Diagrams.Layout;

/// <summary>A vertex of the layered graph: a diagram node, or a dummy that carries a long edge (or its label) through a rank.</summary>
/// <param name="Rank">Row, 0 at the top. Nodes sit on even ranks; odd ranks hold the bends and labels between them.</param>
/// <param name="Box">Space taken in the rank.</param>
/// <param name="Node">Index of the diagram node, or -1 for a dummy.</param>
/// <param name="Chain">Index of the edge chain a dummy belongs to, or -1 for a node.</param>
/// <param name="IsLabel">True for the dummy that holds its edge's label.</param>
internal sealed record Vertex(int Rank, NodeBox Box, int Node, int Chain, bool IsLabel)
{
    public bool IsDummy => Node < 0;
}
