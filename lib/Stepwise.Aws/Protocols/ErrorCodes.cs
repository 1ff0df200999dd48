namespace Stepwise.Aws.Protocols;

/// <summary>Error codes as services spell them on the wire, reduced to the model's error name.</summary>
internal static class ErrorCodes
{
    /// <summary><c>com.amazonaws.sfn#StateMachineDoesNotExist</c> or <c>ValidationException:http://internal…</c> → the bare name.</summary>
    public static string Sanitize(string code)
    {
        var colon = code.IndexOf(':');
        if (colon >= 0)
            code = code[..colon];
        var hash = code.LastIndexOf('#');
        if (hash >= 0)
            code = code[(hash + 1)..];
        return code.Trim();
    }

    /// <summary>A code for an error that carried none: the HTTP status's name (<c>ServiceUnavailable</c>).</summary>
    public static string FromStatus(int status) =>
        Enum.IsDefined(typeof(System.Net.HttpStatusCode), status) ? ((System.Net.HttpStatusCode)status).ToString() : $"Http{status}";

    /// <summary>The start of a body that is not an error document, to show what came back instead.</summary>
    public static string Excerpt(string body) => body.Length <= 300 ? body : body[..300] + "…";
}
