using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Environment.Tests;

/// <summary>environment/container/Dockerfile and environment/buildspec.yml refer to what exists (docker itself does not
/// run here: no engine, no registry — CodeBuild runs them on AWS).</summary>
public sealed partial class ContainerBuildTests
{
    private static readonly string Dockerfile = RepositoryPaths.Of("environment", "container", "Dockerfile");

    /// <summary>Each instruction, continuation lines joined, comments dropped.</summary>
    private static IReadOnlyList<string> Instructions()
    {
        var joined = Regex.Replace(string.Join('\n', File.ReadAllLines(Dockerfile).Where(l => !l.TrimStart().StartsWith('#'))), @"\\\n", " ");
        return [.. joined.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];
    }

    [Fact]
    public void Every_path_the_Dockerfile_copies_from_the_context_exists()
    {
        var copies = Instructions().Where(i => i.StartsWith("COPY ", StringComparison.Ordinal) && !i.Contains("--from=", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(copies);

        foreach (var copy in copies)
        {
            var parts = copy.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..].Where(p => !p.StartsWith("--", StringComparison.Ordinal)).ToArray();
            foreach (var source in parts[..^1])
                Assert.True(File.Exists(RepositoryPaths.Of(source.TrimEnd('/').Split('/'))) || Directory.Exists(RepositoryPaths.Of(source.TrimEnd('/').Split('/'))),
                    $"{Dockerfile}: `{copy}` copies {source}, which is not in the repository");
        }
    }

    [Fact]
    public void The_Dockerfile_copies_every_project_the_container_references_before_and_after_restore()
    {
        var copies = Instructions().Where(i => i.StartsWith("COPY ", StringComparison.Ordinal)).ToArray();
        var projects = Stepwise.Local.Images.ProjectClosure.Of(RepositoryPaths.Of("lib", "Stepwise.Container", "Stepwise.Container.csproj"));
        Assert.Contains(projects, p => p.EndsWith("Stepwise.Vision.Annotations.csproj", StringComparison.Ordinal));

        foreach (var project in projects)
        {
            var relative = Path.GetRelativePath(RepositoryPaths.Of(), project).Replace('\\', '/');
            var folder = Path.GetDirectoryName(relative)!.Replace('\\', '/') + "/";
            Assert.True(copies.Any(c => c.Contains($" {relative} ", StringComparison.Ordinal)), $"{Dockerfile} does not COPY {relative} before the restore");
            Assert.True(copies.Any(c => c.Contains($" {folder} {folder}", StringComparison.Ordinal)), $"{Dockerfile} does not COPY the source folder {folder}");
        }
    }

    [Fact]
    public void The_image_publishes_the_container_project_and_runs_its_dll_as_train_and_serve()
    {
        var instructions = Instructions();
        var publish = Assert.Single(instructions, i => i.Contains("dotnet publish", StringComparison.Ordinal));
        var project = Regex.Match(publish, @"dotnet publish (\S+\.csproj)").Groups[1].Value;
        Assert.True(File.Exists(RepositoryPaths.Of(project.Split('/'))), $"{project} does not exist");
        Assert.Matches(@"FROM mcr\.microsoft\.com/dotnet/sdk:10\.0 AS build", string.Join('\n', instructions));
        Assert.Matches(@"FROM mcr\.microsoft\.com/dotnet/aspnet:10\.0", string.Join('\n', instructions));

        // The dll the scripts run is the project's assembly (no AssemblyName: the project's name).
        Assert.DoesNotContain("<AssemblyName>", File.ReadAllText(RepositoryPaths.Of(project.Split('/'))));
        var dll = Path.GetFileNameWithoutExtension(project) + ".dll";
        foreach (var verb in new[] { "train", "serve" })
        {
            var script = RepositoryPaths.Of("environment", "container", verb);
            Assert.True(File.Exists(script), $"{script} is missing");
            if (!OperatingSystem.IsWindows())
                Assert.True(File.GetUnixFileMode(script).HasFlag(UnixFileMode.UserExecute), $"{script} is not executable");
            Assert.Contains($"exec dotnet /opt/program/{dll} {verb} \"$@\"", File.ReadAllText(script));
            Assert.Contains(instructions, i => i.StartsWith("COPY ", StringComparison.Ordinal) && i.Contains($"environment/container/{verb}", StringComparison.Ordinal) && i.EndsWith("/usr/local/bin/", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_dockerignore_beside_the_Dockerfile_keeps_build_outputs_out_of_the_context()
    {
        var ignore = File.ReadAllLines(Dockerfile + ".dockerignore");

        Assert.Contains("**/bin/", ignore);
        Assert.Contains("**/obj/", ignore);
    }

    [Fact]
    public void The_buildspec_builds_that_Dockerfile_and_pushes_to_the_repository_the_template_creates()
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(RepositoryPaths.Of("environment", "buildspec.yml")))
            stream.Load(reader);
        var root = (YamlMappingNode)stream.Documents[0].RootNode;

        Assert.Equal("0.2", ((YamlScalarNode)root["version"]).Value);
        var phases = (YamlMappingNode)root["phases"];
        var commands = new[] { "pre_build", "build", "post_build" }
            .SelectMany(p => ((YamlSequenceNode)((YamlMappingNode)phases[p])["commands"]).Children.Select(c => ((YamlScalarNode)c).Value!))
            .ToArray();
        var build = Assert.Single(commands, c => c.StartsWith("docker build", StringComparison.Ordinal));
        var file = DockerfileArgument().Match(build).Groups[1].Value;
        Assert.True(File.Exists(RepositoryPaths.Of(file.Split('/'))), $"buildspec builds {file}, which does not exist");
        Assert.EndsWith(" .", build); // the repository root is the context, as the Dockerfile's COPY paths assume
        Assert.Contains(commands, c => c.Contains("docker push \"${IMAGE_URI}\"", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.Contains("docker login", StringComparison.Ordinal));
        foreach (var variable in new[] { "AWS_ACCOUNT_ID", "AWS_DEFAULT_REGION", "IMAGE_REPO_NAME", "IMAGE_TAG" })
            Assert.Contains(commands, c => c.Contains("${" + variable, StringComparison.Ordinal));

        var variables = (YamlMappingNode)((YamlMappingNode)root["env"])["variables"];
        var template = CloudFormationYaml.Load(RepositoryPaths.Of("environment", "cloudformation", "workbook.yaml"));
        Assert.Equal((string?)template["Resources"]!["ImageRepository"]!["Properties"]!["RepositoryName"], ((YamlScalarNode)variables["IMAGE_REPO_NAME"]).Value);
    }

    [GeneratedRegex(@"--file (\S+)")]
    private static partial Regex DockerfileArgument();
}
