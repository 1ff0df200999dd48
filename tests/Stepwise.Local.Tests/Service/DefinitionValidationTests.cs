using Stepwise.Aws.StepFunctions;

namespace Stepwise.Local.Tests.Service;

/// <summary>Definitions AWS rejects are rejected, and those it accepts are accepted, by CreateStateMachine and
/// ValidateStateMachineDefinition alike.</summary>
public sealed class DefinitionValidationTests : IAsyncLifetime
{
    private const string Role = "arn:aws:iam::123456789012:role/StepFunctionsRole";
    private readonly string _data = Directory.CreateTempSubdirectory("stepwise-sfn-").FullName;
    private LocalStepFunctions _sfn = null!;

    public Task InitializeAsync()
    {
        _sfn = new LocalStepFunctions(new LocalStepFunctionsOptions { DataDirectory = _data });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _sfn.DisposeAsync();

    private async Task<ValidateStateMachineDefinitionOutput> ValidateAsync(string definition, string? type = null) =>
        await _sfn.ValidateStateMachineDefinitionAsync(new ValidateStateMachineDefinitionInput { Definition = definition, Type = type });

    private Task<CreateStateMachineOutput> CreateAsync(string definition, string type = "STANDARD") =>
        _sfn.CreateStateMachineAsync(new CreateStateMachineInput { Name = "m" + Guid.NewGuid().ToString("N")[..8], Definition = definition, RoleArn = Role, Type = type });

    private static string DistributedMap(string label) =>
        """{"StartAt":"M","States":{"M":{"Type":"Map","Label":""" + System.Text.Json.JsonSerializer.Serialize(label) + """
        ,"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"X","States":{"X":{"Type":"Pass","End":true}}},"End":true}}}
        """;

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("a?b")]
    [InlineData("a{b")]
    [InlineData("a\"b")]
    [InlineData("a`b")]
    [InlineData("a\u0007b")]
    [InlineData("a\u0085b")]
    [InlineData("12345678901234567890123456789012345678901")]
    public async Task Map_Label_that_AWS_refuses_is_refused(string label)
    {
        var result = await ValidateAsync(DistributedMap(label));
        Assert.Equal("FAIL", result.Result);
        Assert.Contains(result.Diagnostics, d => d.Location == "/States/M/Label");
        await Assert.ThrowsAsync<StepFunctionsException>(() => CreateAsync(DistributedMap(label)));
    }

    [Theory]
    [InlineData("my-label_1.2")]
    [InlineData("1234567890123456789012345678901234567890")]
    public async Task Map_Label_that_AWS_accepts_is_accepted(string label) =>
        Assert.Equal("OK", (await ValidateAsync(DistributedMap(label))).Result);

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"RoleArn":"arn:aws:iam::123456789012:role/R","Other":1}""")]
    public async Task Credentials_without_RoleArn_or_with_unknown_fields_are_refused(string credentials)
    {
        var definition = """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Credentials":""" + credentials + ""","Parameters":{"FunctionName":"f"},"End":true}}}""";
        Assert.Equal("FAIL", (await ValidateAsync(definition)).Result);
    }

    [Fact]
    public async Task Credentials_with_a_RoleArn_are_accepted()
    {
        var definition = """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Credentials":{"RoleArn":"arn:aws:iam::123456789012:role/R"},"Parameters":{"FunctionName":"f"},"End":true}}}""";
        Assert.Equal("OK", (await ValidateAsync(definition)).Result);
    }

    [Theory]
    [InlineData("arn:aws:states:::lambda:invoke.waitForTaskToken", ".waitForTaskToken")]
    [InlineData("arn:aws:states:::states:startExecution.sync:2", ".sync")]
    public async Task Express_machines_refuse_sync_and_callback_tasks(string resource, string pattern)
    {
        var definition = """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":""" + "\"" + resource + "\"" + ""","Parameters":{"FunctionName":"f"},"End":true}}}""";
        var result = await ValidateAsync(definition, "EXPRESS");
        Assert.Equal("FAIL", result.Result);
        Assert.Contains(result.Diagnostics, d => d.Message.Contains($"'{pattern}'") && d.Location == "/States/T/Resource");
        Assert.Equal("OK", (await ValidateAsync(definition, "STANDARD")).Result);
        var error = await Assert.ThrowsAsync<StepFunctionsException>(() => CreateAsync(definition, "EXPRESS"));
        Assert.Equal(StepFunctionsErrorCodes.InvalidDefinition, error.ErrorCode);
    }

    [Fact]
    public async Task A_version_description_without_publish_is_refused()
    {
        var error = await Assert.ThrowsAsync<StepFunctionsException>(() => _sfn.CreateStateMachineAsync(new CreateStateMachineInput
        {
            Name = "described", RoleArn = Role, VersionDescription = "v1",
            Definition = """{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}""",
        }));
        Assert.Equal(StepFunctionsErrorCodes.ValidationException, error.ErrorCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    public async Task Blank_or_non_object_definitions_are_a_schema_failure_in_AWS_words(string definition)
    {
        var result = await ValidateAsync(definition);
        Assert.Equal("FAIL", result.Result);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("SCHEMA_VALIDATION_FAILED", diagnostic.Code);
        Assert.Equal("Definition must be a valid JSON object", diagnostic.Message);
    }

    [Fact]
    public async Task The_legacy_Iterator_may_carry_a_ProcessorConfig() =>
        Assert.Equal("OK", (await ValidateAsync("""
            {"StartAt":"M","States":{"M":{"Type":"Map","Iterator":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"X","States":{"X":{"Type":"Pass","End":true}}},"End":true}}}
            """)).Result);

    [Fact]
    public async Task Fail_ErrorPath_and_CausePath_may_be_intrinsic_functions() =>
        Assert.Equal("OK", (await ValidateAsync("""
            {"StartAt":"F","States":{"F":{"Type":"Fail","ErrorPath":"States.Format('E.{}', $.code)","CausePath":"States.JsonToString($)"}}}
            """)).Result);

    [Fact]
    public async Task A_literal_boolean_JSONata_Condition_is_accepted() =>
        Assert.Equal("OK", (await ValidateAsync("""
            {"QueryLanguage":"JSONata","StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Condition":true,"Next":"D"}],"Default":"D"},"D":{"Type":"Succeed"}}}
            """)).Result);
}
