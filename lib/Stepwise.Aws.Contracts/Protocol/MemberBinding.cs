namespace Stepwise.Aws.Protocol;

/// <summary>One member of a shape and where it travels: <paramref name="Name"/> is the member name as the model and
/// the JSON context spell it; <paramref name="LocationName"/> is the header, query parameter or URI label name.</summary>
public sealed record MemberBinding(string Name, MemberLocation Location, string? LocationName = null);
