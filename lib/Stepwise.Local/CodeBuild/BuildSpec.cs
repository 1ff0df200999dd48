using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Stepwise.Local.CodeBuild;

/// <summary>One phase of a buildspec: its commands, the <c>finally</c> commands that run even when one fails, and
/// whether a failure stops the build (<c>on-failure: ABORT</c>, the default) or lets it go on (<c>CONTINUE</c>).</summary>
public sealed record BuildSpecPhase(IReadOnlyList<string> Commands, IReadOnlyList<string> Finally, bool ContinueOnFailure);

/// <summary>What a build uploads: the files (glob patterns) under a base directory.</summary>
public sealed record BuildSpecArtifacts(IReadOnlyList<string> Files, string? BaseDirectory, bool DiscardPaths, string? Name);

/// <summary>A CodeBuild buildspec (version 0.2): environment variables, the four phases, artifacts. Parsed with YamlDotNet;
/// a buildspec that is not what CodeBuild reads is a <see cref="BuildSpecException"/> saying where (CodeBuild's
/// <c>YAML_FILE_ERROR</c>).</summary>
public sealed record BuildSpec(
    string Version,
    IReadOnlyDictionary<string, string> Variables,
    IReadOnlyList<string> ExportedVariables,
    IReadOnlyDictionary<string, BuildSpecPhase> Phases,
    BuildSpecArtifacts? Artifacts)
{
    /// <summary>The phases a buildspec may have, in the order CodeBuild runs them.</summary>
    public static IReadOnlyList<string> PhaseNames { get; } = ["install", "pre_build", "build", "post_build"];

    /// <summary>Parses a buildspec's YAML text.</summary>
    public static BuildSpec Parse(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new BuildSpecException($"the buildspec is not valid YAML at line {e.Start.Line}: {e.Message}");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new BuildSpecException("the buildspec must be a YAML mapping with 'version' and 'phases'");

        var version = Scalar(root, "version") ?? throw new BuildSpecException("the buildspec has no 'version' (use 0.2)");
        if (version is not ("0.2" or "0.1"))
            throw new BuildSpecException($"unsupported buildspec version '{version}' (CodeBuild reads 0.1 and 0.2)");

        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var exported = new List<string>();
        if (Child(root, "env") is YamlMappingNode env)
        {
            if (Child(env, "variables") is YamlMappingNode vars)
                foreach (var (key, value) in vars.Children)
                    variables[((YamlScalarNode)key).Value!] = value is YamlScalarNode s ? s.Value ?? "" :
                        throw new BuildSpecException($"env/variables/{key} must be a string, at line {value.Start.Line}");
            if (Child(env, "exported-variables") is YamlSequenceNode names)
                exported.AddRange(names.Children.Select(n => (n as YamlScalarNode)?.Value ?? ""));
            foreach (var key in env.Children.Keys.Select(k => ((YamlScalarNode)k).Value))
                if (key is "parameter-store" or "secrets-manager" or "git-credential-helper")
                    throw new BuildSpecException($"env/{key} is not served by the local CodeBuild (no Parameter Store or Secrets Manager locally); use env/variables");
        }

        var phases = new Dictionary<string, BuildSpecPhase>(StringComparer.Ordinal);
        if (Child(root, "phases") is YamlMappingNode phaseNodes)
        {
            foreach (var (key, value) in phaseNodes.Children)
            {
                var name = ((YamlScalarNode)key).Value!;
                if (!PhaseNames.Contains(name))
                    throw new BuildSpecException($"unknown phase '{name}' at line {key.Start.Line} (phases are {string.Join(", ", PhaseNames)})");
                if (value is not YamlMappingNode phase)
                    throw new BuildSpecException($"phases/{name} must be a mapping with 'commands', at line {value.Start.Line}");
                var onFailure = Scalar(phase, "on-failure") ?? "ABORT";
                if (onFailure is not ("ABORT" or "CONTINUE"))
                    throw new BuildSpecException($"phases/{name}/on-failure must be ABORT or CONTINUE, not '{onFailure}'");
                phases[name] = new BuildSpecPhase(Commands(phase, "commands", name), Commands(phase, "finally", name), onFailure == "CONTINUE");
            }
        }
        else
            throw new BuildSpecException("the buildspec has no 'phases'");

        BuildSpecArtifacts? artifacts = null;
        if (Child(root, "artifacts") is YamlMappingNode artifactNode)
        {
            var files = Child(artifactNode, "files") is YamlSequenceNode list
                ? list.Children.Select(n => (n as YamlScalarNode)?.Value ?? throw new BuildSpecException($"artifacts/files must be strings, at line {n.Start.Line}")).ToArray()
                : throw new BuildSpecException("artifacts must list 'files'");
            artifacts = new BuildSpecArtifacts(files, Scalar(artifactNode, "base-directory"),
                Scalar(artifactNode, "discard-paths") is "yes" or "true", Scalar(artifactNode, "name"));
        }
        return new BuildSpec(version, variables, exported, phases, artifacts);
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Scalar(YamlMappingNode node, string key) => Child(node, key) switch
    {
        null => null,
        YamlScalarNode scalar => scalar.Value,
        var other => throw new BuildSpecException($"'{key}' must be a single value, at line {other.Start.Line}"),
    };

    private static string[] Commands(YamlMappingNode phase, string key, string phaseName) => Child(phase, key) switch
    {
        null => [],
        YamlSequenceNode list => list.Children.Select((n, i) => n is YamlScalarNode s ? s.Value ?? "" :
            throw new BuildSpecException($"Expected {key}[{i}] of phase {phaseName} to be of string type: found subkeys instead at line {n.Start.Line}")).ToArray(),
        var other => throw new BuildSpecException($"phases/{phaseName}/{key} must be a list of commands, at line {other.Start.Line}"),
    };
}

/// <summary>A buildspec CodeBuild cannot run: the build fails in DOWNLOAD_SOURCE with <c>YAML_FILE_ERROR</c>.</summary>
public sealed class BuildSpecException(string message) : Exception(message);
