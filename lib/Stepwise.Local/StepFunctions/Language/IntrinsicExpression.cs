namespace Stepwise.Local.StepFunctions.Language;

/// <summary>A parsed intrinsic function call such as <c>States.Format('Hi {}', $.name)</c>: immutable and reusable.</summary>
public sealed class IntrinsicExpression
{
    internal IntrinsicExpression(string text, string name, IReadOnlyList<IntrinsicArgument> arguments) =>
        (Text, Name, Arguments) = (text, name, arguments);

    /// <summary>The call as written.</summary>
    public string Text { get; }

    /// <summary>The function's name, e.g. <c>States.Format</c>.</summary>
    public string Name { get; }

    /// <summary>The arguments: literals, paths and nested calls.</summary>
    public IReadOnlyList<IntrinsicArgument> Arguments { get; }

    /// <summary>Every path the call reads, nested calls included (for validation and dependency checks).</summary>
    public IEnumerable<string> Paths =>
        Arguments.SelectMany(a => a switch
        {
            PathArgument p => [p.Path],
            CallArgument c => c.Call.Paths,
            _ => [],
        });

    /// <summary>Parses a call; throws <see cref="FormatException"/> on bad syntax or an unknown function.</summary>
    public static IntrinsicExpression Parse(string text) => IntrinsicFunctions.Parse(text);

    public override string ToString() => Text;
}
