using Stepwise.Aws.StepFunctions;

namespace Stepwise.Local.Tests.TestStates;

/// <summary>TestState's <c>stateConfiguration</c> and the one attempt it runs: Retry reported as RETRIABLE with its
/// backoff, Catch as CAUGHT_ERROR, mocked Map and Parallel states, failed Map iterations and ItemReader data.</summary>
public sealed class TestStateConfigurationTests : TestStateFixture
{
    private const string Retrying = """
        {"QueryLanguage":"JSONata","Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
         "Arguments":{"FunctionName":"foo","Payload":"bar"},
         "Retry":[{"ErrorEquals":["Other"]},{"ErrorEquals":["MockException"],"IntervalSeconds":1,"BackoffRate":2,"MaxAttempts":5}],
         "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Handle"}],"End":true}
        """;

    [Fact]
    public async Task An_error_a_Retry_would_retry_is_RETRIABLE_with_the_backoff_after_retrierRetryCount_retries()
    {
        var result = await TestAsync(new()
        {
            Definition = Retrying, Input = "{}", InspectionLevel = InspectionLevel.Debug,
            Mock = Error("MockException", "Mock the cause of the error."), StateConfiguration = new() { RetrierRetryCount = 4 },
        });

        Assert.Equal(TestExecutionStatus.Retriable, result.Status);
        Assert.Equal("MockException", result.Error);
        Assert.Equal("Mock the cause of the error.", result.Cause);
        Assert.Equal(1, result.InspectionData!.ErrorDetails!.RetryIndex);
        Assert.Equal(16, result.InspectionData.ErrorDetails.RetryBackoffIntervalSeconds);
        Assert.Null(result.NextState);
    }

    [Fact]
    public async Task With_the_Retry_exhausted_the_Catch_handles_the_error_as_CAUGHT_ERROR()
    {
        var result = await TestAsync(new()
        {
            Definition = Retrying, Input = """{"a":1}""", InspectionLevel = InspectionLevel.Debug,
            Mock = Error("MockException", "why"), StateConfiguration = new() { RetrierRetryCount = 5 },
        });

        Assert.Equal(TestExecutionStatus.CaughtError, result.Status);
        Assert.Equal("Handle", result.NextState);
        Assert.Equal("""{"Error":"MockException","Cause":"why"}""", result.Output);
        Assert.Equal(1, result.InspectionData!.ErrorDetails!.RetryIndex);
        Assert.Null(result.InspectionData.ErrorDetails.RetryBackoffIntervalSeconds);
        Assert.Equal(0, result.InspectionData.ErrorDetails.CatchIndex);
    }

    [Fact]
    public async Task Without_a_Catch_an_exhausted_Retry_leaves_the_state_FAILED()
    {
        var definition = """{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Retry":[{"ErrorEquals":["E"],"MaxAttempts":1}],"End":true}""";

        var first = await TestAsync(new() { Definition = definition, Mock = Error("E") });
        var exhausted = await TestAsync(new() { Definition = definition, Mock = Error("E"), StateConfiguration = new() { RetrierRetryCount = 1 } });

        Assert.Equal(TestExecutionStatus.Retriable, first.Status);
        Assert.Equal(TestExecutionStatus.Failed, exhausted.Status);
    }

    [Fact]
    public async Task The_context_RetryCount_is_the_retries_already_made()
    {
        var definition = """{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"retry.$":"$$.State.RetryCount"},"ResultPath":null,"End":true}""";

        var result = await TestAsync(new() { Definition = definition, InspectionLevel = InspectionLevel.Debug, Mock = Result("{}"), StateConfiguration = new() { RetrierRetryCount = 2 } });

        Assert.Equal("""{"retry":2}""", result.InspectionData!.AfterParameters);
    }

    private const string Tolerant = """
        {"Type":"Map","ItemsPath":"$.Values","ToleratedFailureCount":1,
         "ItemProcessor":{"StartAt":"HandleItem","States":{"HandleItem":{"Type":"Pass","End":true}}},
         "Retry":[{"ErrorEquals":["Nothing"]}],"Catch":[{"ErrorEquals":["Nothing"],"Next":"A"},{"ErrorEquals":["States.ExceedToleratedFailureThreshold"],"Next":"HandleThreshold"}],"End":true}
        """;

    [Fact]
    public async Task A_mocked_Map_gives_the_mocked_array_as_its_result_without_running_iterations()
    {
        var result = await TestAsync(new()
        {
            Definition = Tolerant, Input = """{"Values":["first","second","third"]}""", InspectionLevel = InspectionLevel.Debug,
            Mock = Result("[1,1,1]"), StateConfiguration = new() { MapIterationFailureCount = 1 },
        });

        Assert.Equal(TestExecutionStatus.Succeeded, result.Status);
        Assert.Equal("[1,1,1]", result.Output);
        Assert.Equal("""["first","second","third"]""", result.InspectionData!.AfterItemsPath);
        Assert.Equal(1, result.InspectionData.ToleratedFailureCount);
        Assert.Equal(0, result.InspectionData.MaxConcurrency);
    }

    [Fact]
    public async Task Failed_iterations_beyond_the_tolerated_failures_exceed_the_threshold_and_the_Catch_fires()
    {
        var result = await TestAsync(new()
        {
            Definition = Tolerant, Input = """{"Values":["first","second","third"]}""", InspectionLevel = InspectionLevel.Debug,
            Mock = Result("[0,0,1]"), StateConfiguration = new() { MapIterationFailureCount = 2 },
        });

        Assert.Equal(TestExecutionStatus.CaughtError, result.Status);
        Assert.Equal("States.ExceedToleratedFailureThreshold", result.Error);
        Assert.Equal("The specified tolerated failure threshold was exceeded", result.Cause);
        Assert.Equal("HandleThreshold", result.NextState);
        Assert.Equal(1, result.InspectionData!.ErrorDetails!.CatchIndex);
    }

    [Fact]
    public async Task A_Map_without_tolerated_failures_ignores_the_failure_count()
    {
        var definition = """{"Type":"Map","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}""";

        var result = await TestAsync(new() { Definition = definition, Input = "[1,2,3]", Mock = Result("[0,0,1]"), StateConfiguration = new() { MapIterationFailureCount = 2 } });

        Assert.Equal(TestExecutionStatus.Succeeded, result.Status);
    }

    [Fact]
    public async Task A_mocked_error_of_a_Map_fails_it_with_errorCausedByState_naming_an_inner_state()
    {
        var result = await TestAsync(new()
        {
            Definition = Tolerant, Input = """{"Values":[1]}""", Mock = Error("MockException", "Mock the error cause."),
            StateConfiguration = new() { ErrorCausedByState = "HandleItem", MapIterationFailureCount = 0 },
        });

        Assert.Equal(TestExecutionStatus.Failed, result.Status);
        Assert.Equal("MockException", result.Error);

        var stranger = await RefusedAsync(new() { Definition = Tolerant, Mock = Error("E"), StateConfiguration = new() { ErrorCausedByState = "Elsewhere" } });
        Assert.Equal("ValidationException", stranger.ErrorCode);
    }

    [Fact]
    public async Task The_ItemReader_reads_mapItemReaderData_instead_of_S3()
    {
        var definition = """
            {"StartAt":"State0","States":{"State0":{"Type":"Map","ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"JSON"},
             "Parameters":{"Bucket.$":"$.Bucket","Key.$":"$.Key"}},"ItemSelector":{"n.$":"$$.Map.Item.Value"},
             "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"HandleItem","States":{"HandleItem":{"Type":"Pass","End":true}}},
             "MaxConcurrency":1,"End":true}}}
            """;

        var result = await TestAsync(new()
        {
            Definition = definition, StateName = "State0", Input = """{"Bucket":"test-bucket","Key":"test-key"}""", InspectionLevel = InspectionLevel.Debug,
            Mock = Result("[1,4,9]"), StateConfiguration = new() { MapItemReaderData = "[1,2,3]" },
        });

        Assert.Equal(TestExecutionStatus.Succeeded, result.Status);
        Assert.Equal("[1,4,9]", result.Output);
        Assert.Equal("""[{"n":1},{"n":2},{"n":3}]""", result.InspectionData!.AfterItemSelector);
        Assert.Equal(1, result.InspectionData.MaxConcurrency);
    }

    [Fact]
    public async Task A_mocked_Parallel_gives_one_result_per_branch()
    {
        var definition = """
            {"Type":"Parallel","Branches":[{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}},{"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}}],
             "ResultSelector":{"first.$":"$[0]"},"End":true}
            """;

        var result = await TestAsync(new() { Definition = definition, Mock = Result("""[{"a":1},{"b":2}]""") });
        Assert.Equal("""{"first":{"a":1}}""", result.Output);

        Assert.Equal("Mocked result must contain the same number of items as number of Parallel branches.",
            (await RefusedAsync(new() { Definition = definition, Mock = Result("[1]") })).Message);
        Assert.Equal("Mocked result must be an array.", (await RefusedAsync(new() { Definition = definition, Mock = Result("{}") })).Message);
    }

    [Fact]
    public async Task Map_and_Parallel_need_a_mock_and_a_Map_mock_has_the_shape_of_its_result()
    {
        var map = """{"Type":"Map","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}""";
        var unmocked = await RefusedAsync(new() { Definition = map, Input = "[]" });
        Assert.Equal("InvalidDefinition", unmocked.ErrorCode);
        Assert.Equal("TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]", unmocked.Message);

        Assert.Equal("Mocked result must be an array.", (await RefusedAsync(new() { Definition = map, Mock = Result("{}") })).Message);
        var writer = """
            {"Type":"Map","ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},
             "ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"b","Prefix":"p"}},"End":true}
            """;
        Assert.Equal("Mocked result must be a JSON object.", (await RefusedAsync(new() { Definition = writer, Input = "[]", Mock = Result("[]") })).Message);
    }

    [Theory]
    [InlineData("""{"Type":"Pass","End":true}""", "retrierRetryCount", false)]
    [InlineData("""{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}""", "mapIterationFailureCount", true)]
    [InlineData("""{"Type":"Map","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}""", "mapItemReaderData", true)]
    [InlineData("""{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}""", "errorCausedByState", true)]
    public async Task Each_state_configuration_applies_only_where_AWS_allows_it(string definition, string member, bool mocked)
    {
        var configuration = member switch
        {
            "retrierRetryCount" => new TestStateConfiguration { RetrierRetryCount = 1 },
            "mapIterationFailureCount" => new TestStateConfiguration { MapIterationFailureCount = 1 },
            "mapItemReaderData" => new TestStateConfiguration { MapItemReaderData = "[1]" },
            _ => new TestStateConfiguration { ErrorCausedByState = "X" },
        };
        var mock = mocked ? Error("E") : null;

        var refused = await RefusedAsync(new() { Definition = definition, Mock = mock, StateConfiguration = configuration });

        Assert.Equal("ValidationException", refused.ErrorCode);
        Assert.StartsWith($"stateConfiguration.{member} ", refused.Message);
    }

    [Fact]
    public async Task Negative_counts_are_refused_as_the_model_constrains_them()
    {
        var refused = await RefusedAsync(new()
        {
            Definition = Tolerant, Mock = Result("[]"), StateConfiguration = new() { RetrierRetryCount = -1, MapIterationFailureCount = -2 },
        });

        Assert.Equal("2 validation errors detected: Value '-1' at 'stateConfiguration.retrierRetryCount' failed to satisfy constraint: Member must have value greater than or equal to 0; "
            + "Value '-2' at 'stateConfiguration.mapIterationFailureCount' failed to satisfy constraint: Member must have value greater than or equal to 0", refused.Message);
    }
}
