namespace Stepwise.Local.Lambda;

/// <summary>What the local Lambda asks of IAM about a function's execution role (with <see cref="LocalCloudOptions.EnforceIam"/>).</summary>
public interface ILambdaRoleAuthorizer
{
    /// <summary>Whether the role exists and its trust policy lets <c>lambda.amazonaws.com</c> assume it for <paramref name="functionArn"/>.</summary>
    bool CanAssume(string roleArn, string functionArn);

    /// <summary>Temporary credentials of the role's session for <paramref name="functionName"/>
    /// (<c>assumed-role/{role}/{function}</c>, as Lambda names it), for the function's process environment.</summary>
    FunctionCredentials Credentials(string roleArn, string functionName);
}
