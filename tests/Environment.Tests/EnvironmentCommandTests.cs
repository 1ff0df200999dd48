using System.CommandLine;
using Stepwise.Cli.Commands;
using Stepwise.Cli.Environment;

namespace Environment.Tests;

/// <summary><c>stepwise environment workflow-policy</c>: print, --check, --write.</summary>
public sealed class EnvironmentCommandTests
{
    private static readonly string TemplateFile = RepositoryPaths.Of("environment", "cloudformation", "workbook.yaml");

    private static (int ExitCode, string Output) Invoke(params string[] args)
    {
        var console = new StringWriter();
        var code = EnvironmentCommand.Create().Parse(["workflow-policy", .. args]).Invoke(new InvocationConfiguration { Output = console, Error = console });
        return (code, console.ToString());
    }

    [Fact]
    public void Check_passes_on_the_committed_template()
    {
        var (code, printed) = Invoke("--check", "--template", TemplateFile);

        Assert.True(code == 0, printed);
        Assert.Contains("grants what the pipeline needs", printed);
    }

    [Fact]
    public void Check_fails_on_a_stale_copy_and_write_repairs_it()
    {
        var stale = Path.Combine(Path.GetTempPath(), $"workbook-stale-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(stale, File.ReadAllText(TemplateFile).Replace("sagemaker:StopTrainingJob", "sagemaker:StopEverything", StringComparison.Ordinal));
        try
        {
            var (failed, message) = Invoke("--check", "--template", stale);
            Assert.Equal(1, failed);
            Assert.Contains("environment workflow-policy --write", message);

            var (written, _) = Invoke("--write", "--template", stale);
            Assert.Equal(0, written);
            Assert.Equal(File.ReadAllText(TemplateFile), File.ReadAllText(stale));
        }
        finally
        {
            File.Delete(stale);
        }
    }

    [Fact]
    public void Without_options_it_prints_the_statements()
    {
        var (code, printed) = Invoke();

        Assert.Equal(0, code);
        Assert.Equal(string.Join('\n', WorkflowRolePolicy.Render(WorkflowRolePolicy.Required(), "")) + "\n", printed.ReplaceLineEndings("\n"));
        Assert.Contains("- !Sub \"arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/StepFunctionsGetEventsForSageMakerTrainingJobsRule\"", printed);
    }
}
