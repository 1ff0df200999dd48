namespace Stepwise.Interactive.Diagrams.Layout;

/// <summary>The vertices one edge passes through, top to bottom, including its two end nodes.</summary>
/// <param name="Edge">The layer edge it stands for.</param>
/// <param name="Vertices">Vertex indices; consecutive ones are in consecutive ranks.</param>
/// <param name="LabelVertex">The dummy that holds the label, or -1.</param>
internal sealed record EdgeChain(LayerEdge Edge, IReadOnlyList<int> Vertices, int LabelVertex);
