using Microsoft.AspNetCore.Http;
using Stepwise.Local.Hosting;

namespace Stepwise.Local.Tests.Iam;

/// <summary>The S3 operation, bucket and key IAM evaluates, from path-style and virtual-hosted requests.</summary>
public sealed class S3RequestNamingTests
{
    [Theory]
    [InlineData("GET", "127.0.0.1", "/", "", "ListBuckets", null, null)]
    [InlineData("GET", "127.0.0.1", "/data", "?list-type=2&prefix=train%2F", "ListObjectsV2", "data", null)]
    [InlineData("GET", "127.0.0.1", "/data/", "", "ListObjects", "data", null)]
    [InlineData("PUT", "127.0.0.1", "/data", "", "CreateBucket", "data", null)]
    [InlineData("GET", "127.0.0.1", "/data/train/a b.txt", "", "GetObject", "data", "train/a b.txt")]
    [InlineData("HEAD", "data.localhost", "/train/a.txt", "", "HeadObject", "data", "train/a.txt")]
    [InlineData("GET", "data.localhost", "/", "?list-type=2", "ListObjectsV2", "data", null)]
    [InlineData("POST", "127.0.0.1", "/data/k", "?uploads", "CreateMultipartUpload", "data", "k")]
    public void A_request_is_named_with_its_bucket_and_key(string method, string host, string path, string query, string operation, string? bucket, string? key)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Host = new HostString(host, 4566);
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query);

        var request = S3Endpoint.Request(context.Request);

        Assert.Equal((operation, bucket, key), (S3Endpoint.OperationName(context.Request), request.Bucket, request.Key));
    }
}
