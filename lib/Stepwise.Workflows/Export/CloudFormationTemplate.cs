using Stepwise.Workflows.Asl;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Stepwise.Workflows.Export;

/// <summary>CloudFormation export of a state machine, shaped like the Python SDK's <c>get_cloudformation_template()</c>.</summary>
public static class CloudFormationTemplate
{
    /// <summary>The default template description.</summary>
    public const string DefaultDescription = "CloudFormation template for AWS Step Functions - State Machine";

    /// <summary>YAML with one <c>AWS::StepFunctions::StateMachine</c> resource named <c>StateMachineComponent</c>
    /// (StateMachineName, DefinitionString as a literal block, RoleArn).</summary>
    public static string ForStateMachine(string name, StateMachine definition, string roleArn, string? description = null)
    {
        var properties = new YamlMappingNode
        {
            { "StateMachineName", Plain(name) },
            { "DefinitionString", new YamlScalarNode(definition.ToJson(indented: true)) { Style = ScalarStyle.Literal } },
            { "RoleArn", Plain(roleArn) },
        };
        var root = new YamlMappingNode
        {
            { "AWSTemplateFormatVersion", new YamlScalarNode("2010-09-09") { Style = ScalarStyle.SingleQuoted } },
            { "Description", Plain(description ?? DefaultDescription) },
            {
                "Resources", new YamlMappingNode
                {
                    {
                        "StateMachineComponent", new YamlMappingNode
                        {
                            { "Type", Plain("AWS::StepFunctions::StateMachine") },
                            { "Properties", properties },
                        }
                    },
                }
            },
        };
        using var writer = new StringWriter { NewLine = "\n" };
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        var text = writer.ToString();
        // YamlDotNet ends the document with "...": CloudFormation does not need it.
        if (text.EndsWith("...\n", StringComparison.Ordinal)) text = text[..^4];
        return text;
    }

    private static YamlScalarNode Plain(string value) => new(value) { Style = NeedsQuotes(value) ? ScalarStyle.SingleQuoted : ScalarStyle.Plain };

    private static bool NeedsQuotes(string value) =>
        value.Length == 0 || value.Trim() != value || ": #".Split(' ').Any(t => t.Length > 0 && value.Contains(t + " ")) ||
        "!&*{}[]|>'\"%@`,?-#".Contains(value[0]) || value.EndsWith(':') || value.Contains(" #") ||
        value is "true" or "false" or "null" or "yes" or "no" or "on" or "off" or "~" || double.TryParse(value, out _);
}
