using Stepwise.Workflows.Asl;
using Stepwise.Workflows.Validation;

namespace Stepwise.Workflows.Tests.Core;

/// <summary>Invalid definitions are reported with AWS's codes, located by path, all problems at once.</summary>
public class ValidationTests
{
    private static IReadOnlyList<Diagnostic> Problems(string json) => StateMachine.Validate(json).Diagnostics;

    private static void AssertProblem(string json, string code, string location, string messagePart)
    {
        var problems = Problems(json);
        Assert.True(problems.Any(p => p.Code == code && p.Location == location && p.Message.Contains(messagePart)),
            $"expected {code} at {location} containing '{messagePart}', got:\n{string.Join("\n", problems)}");
    }

    [Fact]
    public void Unknown_Next_is_a_missing_transition_target() =>
        AssertProblem("""{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Nope"}}}""", DiagnosticCodes.MissingTarget, "/States/A/Next", "Nope");

    [Fact]
    public void Unknown_StartAt_is_reported() =>
        AssertProblem("""{"StartAt":"X","States":{"A":{"Type":"Pass","End":true}}}""", DiagnosticCodes.MissingTarget, "/StartAt", "X");

    [Fact]
    public void Unreachable_state_is_reported() =>
        AssertProblem("""{"StartAt":"A","States":{"A":{"Type":"Pass","End":true},"B":{"Type":"Pass","End":true}}}""", DiagnosticCodes.Unreachable, "/States/B", "'B'");

    [Fact]
    public void Duplicate_names_across_branches_are_reported() =>
        AssertProblem("""{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}]}}}""",
            DiagnosticCodes.DuplicateName, "/States/P/Branches[0]/States/P", "'P'");

    [Fact]
    public void Names_longer_than_80_characters_are_rejected()
    {
        var name = new string('n', 81);
        AssertProblem("{\"StartAt\":\"" + name + "\",\"States\":{\"" + name + "\":{\"Type\":\"Pass\",\"End\":true}}}", DiagnosticCodes.Schema, $"/States/{name}", "maximum is 80");
        Assert.Throws<ArgumentException>(() => new PassStep(name));
    }

    [Fact]
    public void Missing_terminal_state_is_reported() =>
        AssertProblem("""{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","Next":"A"}}}""", DiagnosticCodes.NoTerminalState, "/States", "No state ends");

    [Fact]
    public void Choice_without_rules_is_reported() =>
        AssertProblem("""{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[],"Default":"D"},"D":{"Type":"Succeed"}}}""", DiagnosticCodes.Schema, "/States/C/Choices", "at least one");

    [Theory]
    [InlineData("\"MaxAttempts\": -1", "MaxAttempts")]
    [InlineData("\"IntervalSeconds\": 0", "IntervalSeconds")]
    [InlineData("\"BackoffRate\": 0.5", "BackoffRate")]
    [InlineData("\"MaxDelaySeconds\": 0", "MaxDelaySeconds")]
    [InlineData("\"JitterStrategy\": \"HALF\"", "JitterStrategy")]
    public void Bad_retry_values_are_reported(string field, string name) =>
        AssertProblem("""{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true,"Retry":[{"ErrorEquals":["States.ALL"],""" + field + "}]}}}",
            DiagnosticCodes.Schema, $"/States/T/Retry[0]/{name}", name);

    [Fact]
    public void States_ALL_must_be_last_and_alone() =>
        AssertProblem("""{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true,"Retry":[{"ErrorEquals":["States.ALL","X"]},{"ErrorEquals":["Y"]}]}}}""",
            DiagnosticCodes.Schema, "/States/T/Retry[0]/ErrorEquals", "alone");

    [Fact]
    public void Unknown_fields_are_schema_errors() =>
        AssertProblem("""{"StartAt":"A","States":{"A":{"Type":"Pass","End":true,"Resource":"x"}}}""", DiagnosticCodes.Schema, "/States/A/Resource", "not supported");

    [Fact]
    public void Next_and_End_together_are_rejected() =>
        AssertProblem("""{"StartAt":"A","States":{"A":{"Type":"Pass","End":true,"Next":"A"}}}""", DiagnosticCodes.Schema, "/States/A", "both 'Next' and 'End'");

    [Fact]
    public void JSONPath_fields_are_rejected_in_JSONata_states() =>
        AssertProblem("""{"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Pass","InputPath":"$.x","End":true}}}""", DiagnosticCodes.Schema, "/States/A/InputPath", "JSONPath field");

    [Fact]
    public void Dollar_keys_need_a_path_or_intrinsic() =>
        AssertProblem("""{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"x.$":"nope"},"End":true}}}""", DiagnosticCodes.Schema, "/States/A/Parameters/x.$", "JSONPath");

    [Fact]
    public void Malformed_json_is_an_invalid_json_description() =>
        Assert.Equal(DiagnosticCodes.InvalidJson, Assert.Single(Problems("{\"StartAt\": ")).Code);

    [Fact]
    public void FromJson_reports_every_problem_not_just_the_first()
    {
        var e = Assert.Throws<InvalidDefinitionException>(() => StateMachine.FromJson(
            """{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Nope","Bogus":1},"B":{"Type":"Wait","End":true},"C":{"Type":"Choice","Choices":[]}}}"""));
        Assert.Equal("InvalidDefinition", e.ErrorCode);
        var codes = e.Diagnostics.Select(d => $"{d.Code} {d.Location}").ToList();
        Assert.Contains($"{DiagnosticCodes.Schema} /States/A/Bogus", codes);
        Assert.Contains($"{DiagnosticCodes.MissingTarget} /States/A/Next", codes);
        Assert.Contains($"{DiagnosticCodes.Schema} /States/B", codes); // Wait without a duration
        Assert.Contains($"{DiagnosticCodes.Schema} /States/C/Choices", codes);
        Assert.Contains($"{DiagnosticCodes.Unreachable} /States/B", codes);
        Assert.True(e.Diagnostics.Count >= 5);
        Assert.Contains("SCHEMA_VALIDATION_FAILED: The field 'Bogus' is not supported by Step Functions at /States/A/Bogus", e.Message);
    }

    [Fact]
    public void Duplicate_step_instances_with_one_name_are_rejected_when_building()
    {
        var e = Assert.Throws<ArgumentException>(() => new Graph(new Chain(new PassStep("A"), new PassStep("A"))).Build());
        Assert.Contains("Duplicate state name 'A'", e.Message);
    }

    [Fact]
    public void Choice_step_without_rules_fails_at_build_naming_the_state()
    {
        var e = Assert.Throws<ArgumentException>(() => new ChoiceStep("Pick").ToState());
        Assert.Contains("'Pick'", e.Message);
        Assert.Contains("Choices", e.Message);
    }

    [Fact]
    public void Built_seed_pipeline_is_valid() => Assert.True(Samples.BuiltMachines.SeedPipelineShape().Validate().IsValid);
}
