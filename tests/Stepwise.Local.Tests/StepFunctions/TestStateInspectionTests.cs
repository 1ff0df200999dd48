using System.Text.Json.Nodes;
using Stepwise.Aws.StepFunctions;

namespace Stepwise.Local.Tests.TestStates;

/// <summary>TestState's <c>stateName</c>, <c>context</c>, <c>variables</c> and <c>inspectionData</c> at INFO, DEBUG
/// and TRACE.</summary>
public sealed class TestStateInspectionTests : TestStateFixture
{
    private const string Pipeline = """
        {"StartAt":"Build","States":{
          "Build":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"build","Payload.$":"$.source"},
                   "InputPath":"$.job","ResultSelector":{"image.$":"$.Payload.image"},"ResultPath":"$.built","OutputPath":"$.built","Next":"Train"},
          "Train":{"Type":"Task","Resource":"arn:aws:states:::sagemaker:createTrainingJob.sync","Parameters":{"TrainingJobName.$":"$.image"},"End":true}}}
        """;

    [Fact]
    public async Task StateName_tests_one_state_of_a_whole_definition_and_DEBUG_shows_each_step_of_its_data_flow()
    {
        var result = await TestAsync(new()
        {
            Definition = Pipeline, StateName = "Build", Input = """{"job":{"source":{"repo":"r"}}}""", InspectionLevel = InspectionLevel.Debug,
            Mock = Result("""{"StatusCode":200,"Payload":{"image":"repo:1"}}"""),
        });

        Assert.Equal(TestExecutionStatus.Succeeded, result.Status);
        Assert.Equal("Train", result.NextState);
        Assert.Equal("""{"image":"repo:1"}""", result.Output);
        var data = result.InspectionData!;
        Assert.Equal("""{"job":{"source":{"repo":"r"}}}""", data.Input);
        Assert.Equal("""{"source":{"repo":"r"}}""", data.AfterInputPath);
        Assert.Equal("""{"FunctionName":"build","Payload":{"repo":"r"}}""", data.AfterParameters);
        Assert.Equal("""{"StatusCode":200,"Payload":{"image":"repo:1"}}""", data.Result);
        Assert.Equal("""{"image":"repo:1"}""", data.AfterResultSelector);
        Assert.Equal("""{"job":{"source":{"repo":"r"}},"built":{"image":"repo:1"}}""", data.AfterResultPath);
        Assert.Null(data.AfterArguments);
        Assert.Null(data.Request);
    }

    [Fact]
    public async Task INFO_reports_no_inspection_data()
    {
        var result = await TestAsync(new() { Definition = Pipeline, StateName = "Build", Input = """{"job":{}}""", Mock = Result("{}") });

        Assert.Null(result.InspectionData);
    }

    [Fact]
    public async Task A_stateName_missing_from_the_definition_or_a_definition_that_is_not_a_machine_is_refused()
    {
        Assert.Equal("ValidationException", (await RefusedAsync(new() { Definition = Pipeline, StateName = "Deploy" })).ErrorCode);
        Assert.Equal("InvalidDefinition", (await RefusedAsync(new() { Definition = """{"Type":"Pass","End":true}""", StateName = "Build" })).ErrorCode);
    }

    [Fact]
    public async Task StateName_finds_a_state_inside_a_branch_and_inherits_the_machine_query_language()
    {
        var definition = """
            {"QueryLanguage":"JSONata","StartAt":"Both","States":{"Both":{"Type":"Parallel","End":true,"Branches":[
              {"StartAt":"Inner","States":{"Inner":{"Type":"Pass","Output":"{% $states.input.n * 2 %}","End":true}}}]}}}
            """;

        var result = await TestAsync(new() { Definition = definition, StateName = "Inner", Input = """{"n":21}""" });

        Assert.Equal("42", result.Output);
    }

    [Fact]
    public async Task JSONata_states_report_afterArguments_the_result_and_the_variables_after_Assign()
    {
        var definition = """
            {"QueryLanguage":"JSONata","Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
             "Arguments":{"FunctionName":"f","Payload":{"x":"{% $base + $states.input.x %}"}},
             "Assign":{"last":"{% $states.result.Payload %}"},"Output":"{% $states.result.Payload %}","End":true}
            """;

        var result = await TestAsync(new()
        {
            Definition = definition, Input = """{"x":1}""", Variables = """{"base":10}""", InspectionLevel = InspectionLevel.Debug,
            Mock = Result("""{"Payload":{"y":11}}"""),
        });

        Assert.Equal("""{"y":11}""", result.Output);
        var data = result.InspectionData!;
        Assert.Equal("""{"FunctionName":"f","Payload":{"x":11}}""", data.AfterArguments);
        Assert.Equal("""{"Payload":{"y":11}}""", data.Result);
        Assert.Null(data.AfterInputPath);
        Assert.Equal(JsonNode.Parse("""{"base":10,"last":{"y":11}}"""), JsonNode.Parse(data.Variables!), JsonNode.DeepEquals);
    }

    [Fact]
    public async Task The_context_given_is_laid_over_the_context_object_the_state_sees()
    {
        var definition = """
            {"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"exec.$":"$$.Execution.Name","entered.$":"$$.State.Name","custom.$":"$$.Execution.Input.custom"},
             "ResultPath":null,"End":true}
            """;

        var result = await TestAsync(new()
        {
            Definition = definition, InspectionLevel = InspectionLevel.Debug, Mock = Result("{}"),
            Context = """{"Execution":{"Name":"nightly-run","Input":{"custom":"yes"}}}""",
        });

        Assert.Equal("""{"exec":"nightly-run","entered":"TestState","custom":"yes"}""", result.InspectionData!.AfterParameters);
    }

    [Fact]
    public async Task A_context_without_a_mock_or_that_is_not_an_object_is_refused()
    {
        Assert.Equal("ValidationException", (await RefusedAsync(new() { Definition = """{"Type":"Pass","End":true}""", Context = "{}" })).ErrorCode);
        Assert.Equal("ValidationException", (await RefusedAsync(new()
        {
            Definition = """{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}""", Mock = Result("{}"), Context = "[1]",
        })).ErrorCode);
    }

    [Fact]
    public async Task Variables_must_be_a_JSON_object_and_the_inspection_level_one_of_AWS_levels()
    {
        Assert.Equal("ValidationException", (await RefusedAsync(new() { Definition = """{"Type":"Pass","End":true}""", Variables = "[1]" })).ErrorCode);
        var level = await RefusedAsync(new() { Definition = """{"Type":"Pass","End":true}""", InspectionLevel = "VERBOSE" });
        Assert.Equal("1 validation error detected: Value 'VERBOSE' at 'inspectionLevel' failed to satisfy constraint: Member must satisfy enum value set: [INFO, DEBUG, TRACE]", level.Message);
    }

    [Fact]
    public async Task TRACE_shows_the_HTTP_request_and_response_of_a_mocked_HTTP_Task()
    {
        var definition = """
            {"Type":"Task","Resource":"arn:aws:states:::http:invoke","Parameters":{"ApiEndpoint":"https://api.example.com/models","Method":"POST",
             "Headers":{"x-team":"ml"},"QueryParameters":{"page":"2"},"RequestBody":{"name":"m"}},"End":true}
            """;
        var mock = Result("""{"StatusCode":201,"StatusText":"Created","Headers":{"content-type":"application/json"},"ResponseBody":{"id":"m-1"}}""");

        var trace = await TestAsync(new() { Definition = definition, InspectionLevel = InspectionLevel.Trace, Mock = mock });
        var debug = await TestAsync(new() { Definition = definition, InspectionLevel = InspectionLevel.Debug, Mock = mock });

        var request = trace.InspectionData!.Request!;
        Assert.Equal("POST", request.Method);
        Assert.Equal("https://api.example.com/models?page=2", request.Url);
        Assert.Equal("https", request.Protocol);
        Assert.Equal("""{"name":"m"}""", request.Body);
        Assert.Contains("x-team", request.Headers);
        var response = trace.InspectionData.Response!;
        Assert.Equal("201", response.StatusCode);
        Assert.Equal("Created", response.StatusMessage);
        Assert.Equal("""{"id":"m-1"}""", response.Body);
        Assert.Null(debug.InspectionData!.Request);
        Assert.Null(debug.InspectionData.Response);
    }

    [Fact]
    public async Task A_Pass_state_at_DEBUG_shows_its_parameters_result_and_result_path()
    {
        var definition = """{"Type":"Pass","Parameters":{"v.$":"$.a"},"ResultPath":"$.out","End":true}""";

        var data = (await TestAsync(new() { Definition = definition, Input = """{"a":1}""", InspectionLevel = InspectionLevel.Debug })).InspectionData!;

        Assert.Equal("""{"a":1}""", data.AfterInputPath);
        Assert.Equal("""{"v":1}""", data.AfterParameters);
        Assert.Equal("""{"v":1}""", data.Result);
        Assert.Equal("""{"a":1,"out":{"v":1}}""", data.AfterResultPath);
        Assert.Null(data.AfterResultSelector);
    }

    [Fact]
    public async Task TRACE_of_an_HTTP_Task_mocked_with_a_result_that_is_not_an_object_shows_it_as_the_body()
    {
        var definition = """{"Type":"Task","Resource":"arn:aws:states:::http:invoke","Parameters":["not","arguments"],"End":true}""";

        var result = await TestAsync(new() { Definition = definition, InspectionLevel = InspectionLevel.Trace, Mock = Result("[]") });

        Assert.Equal(TestExecutionStatus.Succeeded, result.Status);
        Assert.Equal("[]", result.InspectionData!.Response!.Body);
        Assert.Null(result.InspectionData.Request!.Method);
    }

    [Fact]
    public async Task The_context_object_is_an_express_execution_s_as_on_AWS()
    {
        var definition = """{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"context.$":"$$"},"ResultPath":null,"End":true}""";

        var result = await TestAsync(new() { Definition = definition, InspectionLevel = InspectionLevel.Debug, Mock = Result("{}"), Input = """{"a":1}""" });

        var context = Json(result.InspectionData!.AfterParameters)!["context"]!;
        Assert.Contains(":express:", (string?)context["Execution"]!["Id"]);
        Assert.Null(context["Execution"]!["RedriveCount"]);
        Assert.Equal(1, (int)context["Execution"]!["Input"]!["a"]!);
        Assert.Equal("TestState", (string?)context["State"]!["Name"]);
        Assert.Equal(0, (int)context["State"]!["RetryCount"]!);
    }
}
