namespace Stepwise.Local.StepFunctions.Mocks;

/// <summary>A mock configuration that cannot be used, with the JSON path of the problem (<c>$.MockedResponses.Build.0</c>).</summary>
public sealed class MockConfigException(string path, string problem)
    : Exception($"{path}: {problem}")
{
    /// <summary>Where the problem is, as a JSON path from the file's root.</summary>
    public string Path { get; } = path;

    /// <summary>What is wrong there.</summary>
    public string Problem { get; } = problem;
}
