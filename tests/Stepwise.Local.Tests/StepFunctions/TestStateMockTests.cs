using System.Text.Json.Nodes;
using Stepwise.Aws.StepFunctions;

namespace Stepwise.Local.Tests.TestStates;

/// <summary>TestState's <c>mock</c>: a result or an error instead of the service, checked against the service's response
/// shape as <c>fieldValidationMode</c> asks; the states a mock is for, and AWS's refusals.</summary>
public sealed class TestStateMockTests : TestStateFixture
{
    private const string Training = """
        {"Type":"Task","Resource":"arn:aws:states:::sagemaker:createTrainingJob.sync",
         "Parameters":{"TrainingJobName.$":"$.name"},"ResultSelector":{"artifacts.$":"$.ModelArtifacts.S3ModelArtifacts","status.$":"$.TrainingJobStatus"},
         "ResultPath":"$.training","Next":"Deploy"}
        """;

    private const string Described = """
        {"TrainingJobName":"job-1","TrainingJobArn":"arn:aws:sagemaker:us-east-1:123456789012:training-job/job-1",
         "ModelArtifacts":{"S3ModelArtifacts":"s3://bucket/job-1/model.tar.gz"},"TrainingJobStatus":"Completed","SecondaryStatus":"Completed",
         "AlgorithmSpecification":{"TrainingInputMode":"File","TrainingImage":"img"},"CreationTime":"2025-11-20T10:00:00Z",
         "ResourceConfig":{"InstanceType":"ml.m5.large","InstanceCount":1,"VolumeSizeInGB":10},"StoppingCondition":{"MaxRuntimeInSeconds":3600}}
        """;

    private const string Job = """{"name":"job-1"}""";

    [Fact]
    public async Task A_mocked_training_job_sync_result_runs_through_ResultSelector_and_ResultPath_without_training()
    {
        var result = await TestAsync(new() { Definition = Training, Input = """{"name":"job-1"}""", Mock = Result(Described) });

        Assert.Equal(TestExecutionStatus.Succeeded, result.Status);
        Assert.Equal("Deploy", result.NextState);
        Assert.Equal("s3://bucket/job-1/model.tar.gz", (string?)Json(result.Output)!["training"]!["artifacts"]);
        Assert.Equal("Completed", (string?)Json(result.Output)!["training"]!["status"]);
    }

    [Fact]
    public async Task Strict_refuses_a_training_job_result_without_the_required_members_of_DescribeTrainingJob()
    {
        var refused = await RefusedAsync(new() { Definition = Training, Input = Job, Mock = Result("""{"TrainingJobName":"job-1"}""") });

        Assert.Equal("ValidationException", refused.ErrorCode);
        Assert.Equal("Mock result schema validation error: Required field 'TrainingJobArn' is missing", refused.Message);
    }

    [Fact]
    public async Task Strict_is_the_default_and_Present_checks_only_the_members_given()
    {
        var partial = """{"TrainingJobName":"job-1","ModelArtifacts":{"S3ModelArtifacts":"s3://b/m.tar.gz"},"TrainingJobStatus":"Completed"}""";
        await RefusedAsync(new() { Definition = Training, Input = Job, Mock = Result(partial) });
        await RefusedAsync(new() { Definition = Training, Input = Job, Mock = Result(partial, MockResponseValidationMode.Strict) });

        var present = await TestAsync(new() { Definition = Training, Input = Job, Mock = Result(partial, MockResponseValidationMode.Present) });
        Assert.Equal(TestExecutionStatus.Succeeded, present.Status);
    }

    [Theory]
    [InlineData("""{"TrainingJobName":7}""", "Field 'TrainingJobName' must be a string")]
    [InlineData("""{"ModelArtifacts":"s3://b/m"}""", "Field 'ModelArtifacts' must be an object")]
    [InlineData("""{"ResourceConfig":{"InstanceCount":"1"}}""", "Field 'InstanceCount' must be a number")]
    [InlineData("""{"ResourceConfig":{"InstanceCount":1.5}}""", "Field 'InstanceCount' must be a number")]
    [InlineData("""{"CreationTime":1732096800}""", "Field 'CreationTime' must be a string")]
    [InlineData("""{"InputDataConfig":{"ChannelName":"train"}}""", "Field 'InputDataConfig' must be an array")]
    [InlineData("""{"HyperParameters":{"epochs":3}}""", "Field 'HyperParameters' must be a string")]
    [InlineData("""{"EnableNetworkIsolation":"yes"}""", "Field 'EnableNetworkIsolation' must be a boolean")]
    public async Task Present_refuses_a_member_of_the_wrong_type_with_its_name(string mocked, string problem)
    {
        var refused = await RefusedAsync(new() { Definition = Training, Input = Job, Mock = Result(mocked, MockResponseValidationMode.Present) });

        Assert.Equal("ValidationException", refused.ErrorCode);
        Assert.Equal($"Mock result schema validation error: {problem}", refused.Message);
    }

    [Fact]
    public async Task Members_the_model_does_not_know_are_let_through_and_None_checks_nothing()
    {
        var plain = """{"Type":"Task","Resource":"arn:aws:states:::sagemaker:createTrainingJob.sync","End":true}""";
        var unknown = await TestAsync(new() { Definition = plain, Mock = Result("""{"random":"json"}""", MockResponseValidationMode.Present) });
        Assert.Equal(TestExecutionStatus.Succeeded, unknown.Status);
        Assert.Equal("""{"random":"json"}""", unknown.Output);

        var none = await TestAsync(new() { Definition = plain, Mock = Result("""{"TrainingJobName":7}""", MockResponseValidationMode.None) });
        Assert.Equal(TestExecutionStatus.Succeeded, none.Status);
        Assert.Equal("""{"TrainingJobName":7}""", none.Output);
    }

    [Fact]
    public async Task A_training_job_without_sync_is_checked_against_CreateTrainingJob_and_not_Describe()
    {
        var definition = """{"Type":"Task","Resource":"arn:aws:states:::sagemaker:createTrainingJob","End":true}""";
        var created = await TestAsync(new() { Definition = definition, Mock = Result("""{"TrainingJobArn":"arn:aws:sagemaker:us-east-1:123456789012:training-job/j"}""") });
        Assert.Equal(TestExecutionStatus.Succeeded, created.Status);

        var refused = await RefusedAsync(new() { Definition = definition, Mock = Result("{}") });
        Assert.Equal("Mock result schema validation error: Required field 'TrainingJobArn' is missing", refused.Message);
    }

    [Fact]
    public async Task A_Lambda_invoke_result_is_checked_against_Invoke_and_its_Payload_may_be_any_JSON()
    {
        var definition = """{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"build"},"OutputPath":"$.Payload","End":true}""";

        var ok = await TestAsync(new() { Definition = definition, Mock = Result("""{"StatusCode":200,"Payload":{"image":"repo:1"}}""") });
        Assert.Equal("""{"image":"repo:1"}""", ok.Output);

        var refused = await RefusedAsync(new() { Definition = definition, Mock = Result("""{"StatusCode":"200"}""") });
        Assert.Equal("Mock result schema validation error: Field 'StatusCode' must be a number", refused.Message);
    }

    [Fact]
    public async Task A_mocked_error_fails_the_Task_with_its_error_and_cause()
    {
        var result = await TestAsync(new() { Definition = Training, Input = Job, Mock = Error("SageMaker.ResourceLimitExceeded", "Too many jobs") });

        Assert.Equal(TestExecutionStatus.Failed, result.Status);
        Assert.Equal("SageMaker.ResourceLimitExceeded", result.Error);
        Assert.Equal("Too many jobs", result.Cause);
        Assert.Null(result.Output);
        Assert.Null(result.NextState);
    }

    [Fact]
    public async Task A_mocked_waitForTaskToken_task_completes_with_the_mock_at_once()
    {
        var definition = """{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken","Parameters":{"FunctionName":"f","Payload":{"token.$":"$$.Task.Token"}},"End":true}""";

        var result = await TestAsync(new() { Definition = definition, Mock = Result("""{"approved":true}""") }).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(TestExecutionStatus.Succeeded, result.Status);
        Assert.Equal("""{"approved":true}""", result.Output);
    }

    [Theory]
    [InlineData("arn:aws:states:::lambda:invoke.waitForTaskToken")]
    [InlineData("arn:aws:states:::sagemaker:createTrainingJob.sync")]
    [InlineData("arn:aws:states:us-east-1:123456789012:activity:review")]
    public async Task Activities_and_the_sync_and_callback_patterns_need_a_mock(string resource)
    {
        var refused = await RefusedAsync(new() { Definition = $$"""{"Type":"Task","Resource":"{{resource}}","End":true}""", RoleArn = Role });

        Assert.Equal("InvalidDefinition", refused.ErrorCode);
    }

    [Fact]
    public async Task A_mocked_activity_task_answers_with_the_mock()
    {
        var definition = """{"Type":"Task","Resource":"arn:aws:states:us-east-1:123456789012:activity:review","End":true}""";

        var result = await TestAsync(new() { Definition = definition, Mock = Result("""{"ok":1}""") });

        Assert.Equal("""{"ok":1}""", result.Output);
    }

    [Theory]
    [InlineData("""{"Type":"Pass","End":true}""", "Pass")]
    [InlineData("""{"Type":"Fail","Error":"E"}""", "Fail")]
    [InlineData("""{"Type":"Succeed"}""", "Succeed")]
    [InlineData("""{"Type":"Wait","Seconds":1,"End":true}""", "Wait")]
    [InlineData("""{"Type":"Choice","Choices":[{"Variable":"$.a","IsPresent":true,"Next":"X"}],"Default":"X"}""", "Choice")]
    public async Task A_mock_is_refused_for_states_that_call_nothing(string definition, string type)
    {
        var refused = await RefusedAsync(new() { Definition = definition, Mock = Result("{}") });

        Assert.Equal("ValidationException", refused.ErrorCode);
        Assert.Equal($"State type '{type}' is not supported when a mock is specified", refused.Message);
    }

    [Fact]
    public async Task A_mock_has_exactly_one_of_result_and_errorOutput_and_no_revealSecrets()
    {
        var both = await RefusedAsync(new() { Definition = Training, Mock = new() { Result = "{}", ErrorOutput = new() { Error = "E" } } });
        Assert.Equal("A test mock should have only one of the following fields: [result, errorOutput].", both.Message);
        var neither = await RefusedAsync(new() { Definition = Training, Mock = new() });
        Assert.Equal("A test mock should have only one of the following fields: [result, errorOutput].", neither.Message);

        var secrets = await RefusedAsync(new() { Definition = Training, Mock = Result(Described), RevealSecrets = true });
        Assert.Equal("TestState does not support RevealSecrets when a mock is specified.", secrets.Message);
    }

    [Theory]
    [InlineData("{nope", null, "Mocked result must be valid JSON")]
    [InlineData(null, "LOOSE", "1 validation error detected: Value 'LOOSE' at 'mock.fieldValidationMode' failed to satisfy constraint: Member must satisfy enum value set: [STRICT, PRESENT, NONE]")]
    public async Task A_mock_that_is_not_JSON_or_has_an_unknown_mode_is_refused(string? result, string? mode, string message)
    {
        var refused = await RefusedAsync(new() { Definition = Training, Mock = new() { Result = result ?? Described, FieldValidationMode = mode } });

        Assert.Equal("ValidationException", refused.ErrorCode);
        Assert.Equal(message, refused.Message);
    }

    [Fact]
    public async Task A_mocked_error_needs_its_error_name()
    {
        var refused = await RefusedAsync(new() { Definition = Training, Mock = new() { ErrorOutput = new() { Cause = "why" } } });

        Assert.Equal("ValidationException", refused.ErrorCode);
    }
}
