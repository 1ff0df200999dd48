using Microsoft.AspNetCore.Http;
using Stepwise.Local.Hosting;
using Stepwise.Local.Iam;

namespace Stepwise.Local.Tests.Iam;

public sealed class CallerAttributionTests
{
    [Theory]
    [InlineData("AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE000000000/20261201/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=abc", null, "ASIAEXAMPLE000000000")]
    [InlineData("", "AKIAPRESIGNED/20261201/us-east-1/s3/aws4_request", "AKIAPRESIGNED")]
    [InlineData("", null, null)]
    [InlineData("Basic dXNlcjpwYXNz", null, null)]
    public void The_access_key_id_comes_from_the_signatures_credential(string authorization, string? presigned, string? expected)
    {
        var context = new DefaultHttpContext();
        if (authorization.Length > 0)
            context.Request.Headers.Authorization = authorization;
        if (presigned is not null)
            context.Request.QueryString = QueryString.Create("X-Amz-Credential", presigned);

        Assert.Equal(expected, ServiceRouter.AccessKeyId(context.Request));
    }

    [Fact]
    public async Task A_caller_scope_flows_with_async_work_and_ends_with_its_scope()
    {
        Assert.Null(CallerContext.AccessKeyId);
        using (CallerContext.Use("ASIAONE"))
        {
            await Task.Yield();
            Assert.Equal("ASIAONE", CallerContext.AccessKeyId);
            using (CallerContext.Use("ASIATWO"))
                Assert.Equal("ASIATWO", await Task.Run(() => CallerContext.AccessKeyId));
            Assert.Equal("ASIAONE", CallerContext.AccessKeyId);
        }
        Assert.Null(CallerContext.AccessKeyId);
    }
}
