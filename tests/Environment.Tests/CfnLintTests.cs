namespace Environment.Tests;

/// <summary>The template is well-formed CloudFormation by an independent validator: the cfn-lint npm package
/// (resources, properties, attributes, intrinsics against its bundled resource specification).</summary>
public sealed class CfnLintTests(ITestOutputHelper output)
{
    private static readonly string TemplateFile = RepositoryPaths.Of("environment", "cloudformation", "workbook.yaml");

    [SkippableFact]
    public void The_workbook_template_passes_cfn_lint()
    {
        Skip.IfNot(CfnLint.NpmAvailable(), "npm (Node.js) is not on PATH: the cfn-lint check of environment/cloudformation/workbook.yaml did not run. Install Node.js and npm.");

        var (exitCode, printed) = CfnLint.Validate(TemplateFile);
        output.WriteLine(printed);

        Assert.True(exitCode == 0, $"cfn-lint {CfnLint.Version} rejected {TemplateFile}:\n{printed}");
        Assert.Contains("Template valid!", printed);
    }

    [SkippableFact]
    public void cfn_lint_rejects_the_template_with_a_property_that_does_not_exist()
    {
        Skip.IfNot(CfnLint.NpmAvailable(), "npm (Node.js) is not on PATH: cfn-lint did not run. Install Node.js and npm.");
        var broken = Path.Combine(Path.GetTempPath(), $"workbook-broken-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(broken, File.ReadAllText(TemplateFile).Replace("      TimeoutInMinutes: 60", "      TimeoutMinutes: 60", StringComparison.Ordinal));
        try
        {
            var (exitCode, printed) = CfnLint.Validate(broken);
            output.WriteLine(printed);

            Assert.NotEqual(0, exitCode);
            Assert.Contains("TimeoutMinutes is not a valid property of AWS::CodeBuild::Project", printed);
        }
        finally
        {
            File.Delete(broken);
        }
    }
}
