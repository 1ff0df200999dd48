namespace Stepwise.Aws.Protocol;

/// <summary>A query-protocol form parameter that cannot belong to the shape it was sent for (AWS answers <c>MalformedInput</c>).</summary>
public sealed class QueryFormException(string parameter, string reason)
    : FormatException($"Parameter '{parameter}' {reason}.")
{
    /// <summary>The parameter's name as sent (<c>Tags.member.x.Key</c>).</summary>
    public string Parameter { get; } = parameter;
}
