using Stepwise.Aws.SageMaker;
using Stepwise.Aws.StepFunctions;
using Stepwise.Interactive.Tables;
using Stepwise.Vision.Data;
using Stepwise.Vision.Evaluation;
using Stepwise.Vision.Invocations;

namespace Stepwise.Interactive.Tests.Tables;

public class HtmlTableBuilderTests
{
    [Fact]
    public void Text_is_escaped_numbers_are_right_aligned_and_formatted_invariantly()
    {
        var html = new HtmlTableBuilder("Name <x>", new TableColumn("Loss", Format: "0.000"), "Count")
            .Row("<script>alert(1)</script>", 0.12345, 1200)
            .Build().Html;
        Assert.DoesNotContain("<script", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains("Name &lt;x&gt;", html);
        Assert.Contains("text-align:right;vertical-align:top;font-family:monospace;font-size:12px\">0.123</td>", html);
        Assert.Contains(">1200</td>", html);
        Assert.Contains("text-align:left;vertical-align:top;font-family:monospace;font-size:12px\">&lt;script", html);
    }

    [Fact]
    public void A_status_column_colours_known_statuses_only()
    {
        var html = new HtmlTableBuilder("Name", new TableColumn("Status", Status: true))
            .Row("a", "SUCCEEDED").Row("b", "Failed").Row("c", "InProgress").Row("d", "Stopped").Row("e", "whatever")
            .Build().Html;
        Assert.Contains($"background:{StatusColors.Succeeded}", html);
        Assert.Contains($"background:{StatusColors.Failed};color:#fff", html);
        Assert.Contains($"background:{StatusColors.InProgress}", html);
        Assert.Contains($"background:{StatusColors.Cancelled}", html);
        Assert.Equal(4, html.Split("<span").Length - 1);
    }

    [Fact]
    public void A_row_of_the_wrong_width_is_refused_naming_the_columns()
    {
        var e = Assert.Throws<ArgumentException>(() => new HtmlTableBuilder("A", "B").Row(1));
        Assert.Contains("A, B", e.Message);
    }

    [Fact]
    public void Dates_are_utc_and_null_is_empty()
    {
        var html = new HtmlTableBuilder("When", "Maybe").Row(new DateTimeOffset(2026, 1, 2, 5, 4, 5, TimeSpan.FromHours(2)), null).Build().Html;
        Assert.Contains(">2026-01-02 03:04:05</td>", html);
        Assert.Contains("font-size:12px\"></td>", html);
    }

    [Fact]
    public void Executions_table_has_one_row_each_with_status_and_duration()
    {
        var start = DateTimeOffset.UnixEpoch;
        var html = new[]
        {
            new ExecutionListItem { ExecutionArn = "arn:1", StateMachineArn = "arn:sm", Name = "run-1", Status = "SUCCEEDED", StartDate = start, StopDate = start.AddSeconds(75) },
            new ExecutionListItem { ExecutionArn = "arn:2", StateMachineArn = "arn:sm", Name = "run-<2>", Status = "RUNNING", StartDate = start },
        }.ToTable().Html;
        Assert.Equal(3, html.Split("<tr>").Length - 1);
        Assert.Contains("1 min 15 s", html);
        Assert.Contains("run-&lt;2&gt;", html);
        Assert.Contains($"background:{StatusColors.InProgress}", html);
    }

    [Fact]
    public void Training_job_table_lists_transitions_and_final_metrics()
    {
        var t0 = DateTimeOffset.UnixEpoch;
        var job = new DescribeTrainingJobResponse
        {
            TrainingJobName = "job-1", TrainingJobArn = "arn:job", TrainingJobStatus = "Completed", SecondaryStatus = "Completed",
            CreationTime = t0, BillableTimeInSeconds = 42, ModelArtifacts = new ModelArtifacts { S3ModelArtifacts = "s3://b/m.tar.gz" }, StoppingCondition = new StoppingCondition(),
            SecondaryStatusTransitions =
            [
                new SecondaryStatusTransition { Status = "Starting", StartTime = t0, EndTime = t0.AddSeconds(2), StatusMessage = "Preparing" },
                new SecondaryStatusTransition { Status = "Training", StartTime = t0.AddSeconds(2), EndTime = t0.AddSeconds(40) },
                new SecondaryStatusTransition { Status = "Completed", StartTime = t0.AddSeconds(40) },
            ],
            FinalMetricDataList = [new MetricData { MetricName = "validation:mask_ap50", Value = 0.123456, Timestamp = t0.AddSeconds(39) }],
        };
        var html = job.ToTable().Html;
        Assert.Contains("job-1: Completed, billable 42 s", html);
        Assert.Contains("38.0 s", html);
        Assert.Contains("validation:mask_ap50", html);
        Assert.Contains(">0.1235</td>", html);
        Assert.Equal(2, html.Split("<table").Length - 1);
    }

    [Fact]
    public void Endpoints_and_training_job_summaries_make_tables()
    {
        var t0 = DateTimeOffset.UnixEpoch;
        var endpoints = new[] { new EndpointSummary { EndpointName = "ep", EndpointArn = "arn:ep", CreationTime = t0, LastModifiedTime = t0, EndpointStatus = "InService" } }.ToTable().Html;
        Assert.Contains($"background:{StatusColors.Succeeded}", endpoints);
        var jobs = new[] { new TrainingJobSummary { TrainingJobName = "j", TrainingJobArn = "arn:j", CreationTime = t0, TrainingJobStatus = "Failed", SecondaryStatus = "Failed", TrainingEndTime = t0.AddSeconds(3) } }.ToTable().Html;
        Assert.Contains($"background:{StatusColors.Failed}", jobs);
        Assert.Contains("3.0 s", jobs);
    }

    [Fact]
    public void Detection_table_names_classes_and_an_empty_answer_shows_its_message()
    {
        var mask = new BinaryMask(4, 4, [1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        var result = new InvocationResult(4, 4, 0.5f, [new DetectedObject(1, 0.87654f, new Box(0, 0, 1, 1), mask)]);
        var html = result.ToTable(new Dictionary<int, string> { [1] = "pedestrian" }).Html;
        Assert.Contains(">pedestrian</td>", html);
        Assert.Contains(">0.877</td>", html);
        Assert.Contains(">4</td>", html);
        var empty = new InvocationResult(4, 4, 0.9f, []).ToTable().Html;
        Assert.Contains("score_threshold", empty);
    }
}
