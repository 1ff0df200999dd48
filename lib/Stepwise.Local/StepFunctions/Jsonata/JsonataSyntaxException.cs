namespace Stepwise.Local.StepFunctions.Jsonata;

/// <summary>A JSONata expression does not parse. Carries JSONata's own error code (<c>S0xxx</c>), message and the
/// character position, so a definition validator can point at the mistake.</summary>
public sealed class JsonataSyntaxException : FormatException
{
    internal JsonataSyntaxException(string expression, JsonataError error)
        : base($"The JSONata expression '{expression}' is invalid: {error}")
    {
        Expression = expression;
        Code = error.Code;
        JsonataMessage = error.Message;
        Position = error.Position;
        Token = error.Token;
    }

    /// <summary>The expression, without the <c>{% %}</c> delimiters.</summary>
    public string Expression { get; }

    /// <summary>JSONata's error code, e.g. <c>S0202</c>.</summary>
    public string? Code { get; }

    /// <summary>JSONata's message, without code or position.</summary>
    public string JsonataMessage { get; }

    /// <summary>The character position in <see cref="Expression"/> JSONata reports (1-based end of the bad token).</summary>
    public int? Position { get; }

    /// <summary>The offending token, when JSONata names one.</summary>
    public string? Token { get; }
}
