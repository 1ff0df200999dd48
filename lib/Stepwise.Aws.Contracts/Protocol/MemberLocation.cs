namespace Stepwise.Aws.Protocol;

/// <summary>Where a member of an input or output shape travels on the wire (the model's <c>location</c>).</summary>
public enum MemberLocation
{
    /// <summary>In the JSON body, or the form/XML document of the query protocol.</summary>
    Body,

    /// <summary>The whole HTTP body is this member (<c>payload</c>: a blob or a structure).</summary>
    Payload,

    /// <summary>A label of the request URI, <c>{FunctionName}</c> (<c>{Key+}</c> when greedy).</summary>
    Uri,

    /// <summary>A query string parameter.</summary>
    QueryString,

    /// <summary>One HTTP header.</summary>
    Header,

    /// <summary>Every header with a prefix, as a map (<c>X-Amz-Meta-</c>).</summary>
    Headers,

    /// <summary>The HTTP status code of a response.</summary>
    StatusCode,
}
