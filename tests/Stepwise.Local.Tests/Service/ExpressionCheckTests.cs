using Stepwise.Local.StepFunctions.Runtime;
using Stepwise.Local.Testing;
using Stepwise.Workflows.Asl;

namespace Stepwise.Local.Tests.Service;

public class ExpressionCheckTests
{
    [Theory]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Pass","InputPath":"$.a[","End":true}}}""", "/States/A/InputPath")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"x.$":"States.Nope($.a)"},"End":true}}}""", "/States/A/Parameters/x.$")]
    [InlineData("""{"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Pass","Output":{"x":"{% $states.input. %}"},"End":true}}}""", "/States/A/Output/x")]
    [InlineData("""{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$$..x[","IsPresent":true,"Next":"D"}]},"D":{"Type":"Succeed"}}}""", "/States/C/Choices[0]/Variable")]
    [InlineData("""{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","OutputPath":"$[","End":true}}},"End":true}}}""", "/States/M/ItemProcessor/States/P/OutputPath")]
    public void Bad_expressions_are_reported_where_they_are(string definition, string location)
    {
        var diagnostics = ExpressionChecks.Check(StateMachine.FromJson(definition));
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("SCHEMA_VALIDATION_FAILED", diagnostic.Code);
        Assert.Equal(location, diagnostic.Location);
    }

    [Fact]
    public void Good_expressions_pass()
    {
        var definition = """
            {"StartAt":"A","States":{
              "A":{"Type":"Pass","InputPath":"$.a","Parameters":{"x.$":"States.Format('{}', $.b)","y.$":"$$.Execution.Id","z.$":"$.list[?(@.n > 1)]"},"ResultPath":"$.r","Next":"B"},
              "B":{"Type":"Pass","QueryLanguage":"JSONata","Output":{"v":"{% $states.input.r.x & '!' %}"},"End":true}}}
            """;
        Assert.Empty(ExpressionChecks.Check(StateMachine.FromJson(definition)));
    }

    [Fact]
    public async Task CreateStateMachine_rejects_a_bad_expression_with_InvalidDefinition()
    {
        await using var environment = await LocalCloudEnvironment.StartTemporaryAsync(new() { StartHost = false });
        var error = await Assert.ThrowsAsync<Aws.StepFunctions.StepFunctionsException>(() => environment.Cloud.StepFunctions.CreateStateMachineAsync(new Aws.StepFunctions.CreateStateMachineInput
        {
            Name = "bad",
            RoleArn = "arn:aws:iam::123456789012:role/R",
            Definition = """{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"x.$":"States.Nope()"},"End":true}}}""",
        }));
        Assert.Equal("InvalidDefinition", error.ErrorCode);
        Assert.Contains("/States/A/Parameters/x.$", error.Message);
    }
}
