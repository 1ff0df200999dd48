namespace Stepwise.Local.Iam;

/// <summary>A place in a policy document's text, as the simulator reports statements: 1-based line and column.</summary>
public readonly record struct PolicyPosition(int Line, int Column);
