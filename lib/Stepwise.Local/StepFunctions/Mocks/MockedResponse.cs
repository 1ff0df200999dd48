using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Stepwise.Local.StepFunctions.Mocks;

/// <summary>What a mocked Task state does on each attempt: the attempts in order, each a Return or a Throw; attempts past
/// the last one repeat it.</summary>
public sealed class MockedResponse
{
    private MockedResponse(ImmutableArray<MockedAttempt> attempts) => Attempts = attempts;

    private static readonly MockedResponse Empty = new([]);

    /// <summary>One entry per attempt, from attempt 0.</summary>
    public ImmutableArray<MockedAttempt> Attempts { get; }

    /// <summary>A response whose first attempt returns <paramref name="result"/> (JSON text) as the task's result.</summary>
    public static MockedResponse Returning(string result, int times = 1) => Empty.ThenReturning(result, times);

    /// <summary>A response whose first <paramref name="times"/> attempts fail with <paramref name="error"/> and <paramref name="cause"/>.</summary>
    public static MockedResponse Throwing(string error, string? cause = null, int times = 1) => Empty.ThenThrowing(error, cause, times);

    /// <summary>This response, then <paramref name="times"/> attempts that return <paramref name="result"/> (JSON text).</summary>
    public MockedResponse ThenReturning(string result, int times = 1) => Then(MockedAttempt.Return(JsonNode.Parse(result)), times);

    /// <summary>This response, then <paramref name="times"/> attempts that fail with <paramref name="error"/>.</summary>
    public MockedResponse ThenThrowing(string error, string? cause = null, int times = 1) => Then(MockedAttempt.Throw(error, cause), times);

    /// <summary>The attempt numbered <paramref name="attempt"/> (from 0); the last one for any attempt past the end.</summary>
    public MockedAttempt For(int attempt) => Attempts[Math.Min(attempt, Attempts.Length - 1)];

    internal static MockedResponse Of(IEnumerable<MockedAttempt> attempts) => new([.. attempts]);

    private MockedResponse Then(MockedAttempt attempt, int times)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        return new(Attempts.AddRange(Enumerable.Repeat(attempt, times)));
    }
}

/// <summary>One attempt of a <see cref="MockedResponse"/>: a result (<c>Return</c>) or an error (<c>Throw</c>).</summary>
/// <param name="Result">The task's result when the attempt returns (ResultSelector, ResultPath and Output apply to it).</param>
/// <param name="Error">The error the task fails with when the attempt throws; null when it returns.</param>
/// <param name="Cause">The cause of that error.</param>
public sealed record MockedAttempt(JsonNode? Result, string? Error, string? Cause)
{
    /// <summary>True when the attempt fails the task.</summary>
    public bool Throws => Error is not null;

    public static MockedAttempt Return(JsonNode? result) => new(result, null, null);

    public static MockedAttempt Throw(string error, string? cause = null) => new(null, error ?? throw new ArgumentNullException(nameof(error)), cause);
}
