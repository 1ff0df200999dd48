namespace Stepwise.Workflows.Tests.Core;

/// <summary>Every 'error' vector of the Python SDK is rejected here too — at build time with an exception naming the
/// state and field, or, for Retry/Catch on states that cannot have them, by the type system.</summary>
public class ErrorVectorTests
{
    private static readonly Dictionary<string, Action> Constructs = new()
    {
        ["wait_two_fields_rejected"] = () => new WaitStep("Wait") { Seconds = 10, SecondsPath = "$.SecondsPath" }.ToState(),
        ["task_timeout_both_rejected"] = () => _ = new TaskStep("Task", "arn:aws:states:::lambda:invoke") { TimeoutSeconds = 1, TimeoutSecondsPath = "$.timeout" },
        ["retry_on_pass_rejected"] = () => RequireMissing(typeof(PassStep), "AddRetry"),
        ["catch_on_choice_rejected"] = () => RequireMissing(typeof(ChoiceStep), "AddCatch"),
        ["chain_after_terminal_rejected"] = () => _ = new Chain(new PassStep("Pass"), new FailStep("Fail"), new PassStep("Pass2")),
        ["rule_variable_without_dollar_rejected"] = () => ChoiceRule.StringEquals("Variable", "ABC"),
        ["rule_type_mismatch_rejected"] = () => ChoiceRule.Compare("$.x", "NumericEquals", "ABC"),
        ["illegal_step_input_placeholder_rejected"] = () =>
        {
            var two = new PassStep("StateTwo");
            new Graph(new Chain(new PassStep("StateOne"), new PassStep("StateThree") { Parameters = new { P = two.Output()["x"] } })).Build();
        },
    };

    public static TheoryData<string> ErrorVectors =>
        [.. ReferenceVectors.Names.Where(n => ReferenceVectors.Get(n)["kind"]!.GetValue<string>() == "error" && Constructs.ContainsKey(n))];

    [Fact]
    public void Every_error_vector_has_a_construct()
    {
        var errors = ReferenceVectors.Names.Where(n => ReferenceVectors.Get(n)["kind"]!.GetValue<string>() == "error").ToList();
        // eks_create_cluster_wait_for_token_rejected is covered with the service steps.
        Assert.DoesNotContain(errors, n => !Constructs.ContainsKey(n) && !n.StartsWith("eks_", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ErrorVectors))]
    public void Error_vector_is_rejected(string name)
    {
        var e = Record.Exception(Constructs[name]);
        Assert.True(e is ArgumentException or InvalidOperationException, $"{name}: expected a rejection, got {e?.GetType().Name ?? "none"}");
    }

    private static void RequireMissing(Type type, string method)
    {
        if (type.GetMethod(method) is null)
            throw new InvalidOperationException($"{type.Name} has no {method}: ASL allows Retry/Catch only on Task, Parallel and Map.");
    }
}
