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
}
