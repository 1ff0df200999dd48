using Stepwise.Local.Images;

namespace Stepwise.Local.Tests.SageMaker;

[Collection(TinyContainerCollection.Name)]
public sealed class LocalImagesTests(TinyContainerFixture image)
{
    [Fact]
    public void A_published_image_runs_its_assembly_with_train_and_serve_and_streamed_the_build_output()
    {
        Assert.Equal("dotnet", image.Image.Manifest.EntryPoints["train"].Command);
        Assert.Equal(["TinyContainer.dll", "train"], image.Image.Manifest.EntryPoints["train"].Args);
        Assert.Equal(["TinyContainer.dll", "serve"], image.Image.Manifest.EntryPoints["serve"].Args);
        Assert.True(File.Exists(Path.Combine(image.Image.WorkingDirectory, "TinyContainer.dll")));
        Assert.True(File.Exists(Path.Combine(image.Image.Directory, LocalImages.ManifestFile)));
        Assert.EndsWith(Path.Combine("images", "tiny", "latest"), image.Image.Directory);
        lock (image.PublishOutput)
            Assert.Contains(image.PublishOutput, l => l.Contains("TinyContainer ->", StringComparison.Ordinal));
    }

    [Fact]
    public void Images_are_addressed_by_their_ECR_URI_or_repository_and_tag()
    {
        var images = new LocalImages(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(image.Image.Directory)!)!)!);
        var uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/tiny:latest";
        Assert.Equal(uri, images.Resolve(uri).Uri);
        Assert.Equal(uri, images.Resolve("tiny").Uri);
        Assert.Equal(uri, images.UriOf("tiny:latest"));
        Assert.Equal("tiny:latest", Assert.Single(images.List()).Reference.ToString());

        var missing = Assert.Throws<ImageNotFoundException>(() => images.Resolve("123456789012.dkr.ecr.us-east-1.amazonaws.com/tiny:v2"));
        Assert.Equal("123456789012.dkr.ecr.us-east-1.amazonaws.com/tiny:v2", missing.ImageUri);
        Assert.StartsWith("Image 123456789012.dkr.ecr.us-east-1.amazonaws.com/tiny:v2 does not exist: no local image tiny:v2", missing.Message);
        Assert.Contains("account 123456789012, region us-east-1",
            Assert.Throws<ImageNotFoundException>(() => images.Resolve("210987654321.dkr.ecr.eu-west-1.amazonaws.com/tiny:latest")).Message);
    }

    [Theory]
    [InlineData("stepwise-maskrcnn:latest", "stepwise-maskrcnn", "latest", null)]
    [InlineData("team/model", "team/model", "latest", null)]
    [InlineData("123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/model:v1.2", "team/model", "v1.2", "eu-west-1")]
    public void Image_references_parse_as_ECR_names_them(string value, string repository, string tag, string? region)
    {
        var reference = ImageReference.Parse(value);
        Assert.Equal((repository, tag, region), (reference.Repository, reference.Tag, reference.Region));
    }

    [Theory]
    [InlineData("Upper:latest")]
    [InlineData("repo:-tag")]
    [InlineData("repo@sha256:abcd")]
    [InlineData("ghcr.io/owner/repo:latest")]
    public void Names_ECR_would_refuse_are_refused(string value) =>
        Assert.Throws<FormatException>(() => ImageReference.Parse(value));

    [Fact]
    public async Task Publishing_the_same_source_again_from_another_copy_reuses_the_build_cache_and_a_change_builds_anew()
    {
        var root = Directory.CreateTempSubdirectory("stepwise-build-cache-").FullName;
        try
        {
            var cache = new ImageBuildCache(Path.Combine(root, "cache"));
            var images = new LocalImages(Path.Combine(root, "data"), buildCache: cache);
            string Copy(string name)
            {
                var folder = Path.Combine(root, name, "tests", "fixtures", "TinyContainer");
                foreach (var props in new[] { "Directory.Build.props", "Directory.Packages.props" })
                    File.Copy(Path.Combine(TestRepository.Root, props), Path.Combine(Directory.CreateDirectory(Path.Combine(root, name)).FullName, props), overwrite: true);
                var source = Path.Combine(TestRepository.Root, "tests", "fixtures", "TinyContainer");
                foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories)) // copies: the test edits one
                {
                    var copy = Path.Combine(folder, Path.GetRelativePath(source, file));
                    Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                    File.Copy(file, copy);
                }
                foreach (var output in new[] { "bin", "obj" }.Select(o => Path.Combine(folder, o)).Where(Directory.Exists))
                    Directory.Delete(output, recursive: true);
                return Path.Combine(folder, "TinyContainer.csproj");
            }
            var first = Copy("first");
            var second = Copy("second");
            Assert.Equal(ImageBuildCache.DigestOf(first, "Release"), ImageBuildCache.DigestOf(second, "Release"));

            var firstLines = new List<string>();
            await images.PublishAsync(first, "cached:one", new ImagePublishOptions { Output = new StringListWriter(firstLines) });
            var secondLines = new List<string>();
            var reused = await images.PublishAsync(second, "cached:two", new ImagePublishOptions { Output = new StringListWriter(secondLines) });

            Assert.DoesNotContain(firstLines, l => l.StartsWith("CACHED", StringComparison.Ordinal));
            Assert.Contains(secondLines, l => l.StartsWith("CACHED: TinyContainer.csproj was published from this same source before", StringComparison.Ordinal));
            Assert.DoesNotContain(secondLines, l => l.Contains("TinyContainer ->", StringComparison.Ordinal));
            Assert.True(File.Exists(Path.Combine(reused.WorkingDirectory, "TinyContainer.dll")));

            File.AppendAllText(Path.Combine(Path.GetDirectoryName(second)!, "Program.cs"), "\n// changed\n");
            Assert.NotEqual(ImageBuildCache.DigestOf(first, "Release"), ImageBuildCache.DigestOf(second, "Release"));
            var rebuiltLines = new List<string>();
            await images.PublishAsync(second, "cached:three", new ImagePublishOptions { Output = new StringListWriter(rebuiltLines) });
            Assert.DoesNotContain(rebuiltLines, l => l.StartsWith("CACHED", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private sealed class StringListWriter(List<string> lines) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            lock (lines) lines.Add(value ?? "");
        }
    }
}
