using System.Collections.Frozen;
using Stepwise.Aws.Protocol;

namespace Stepwise.Local.Iam.Authorization;

/// <summary>
/// One service's table of what each operation needs, from AWS's Service Authorization Reference (the "Actions defined
/// by …" page of the service): the action, the resource type's ARN built from the request, and <c>iam:PassRole</c> where
/// the request hands a role to the service. An operation the table does not list needs <c>{prefix}:{Operation}</c> on
/// <c>*</c>. A denial is the service's own error in its protocol's shape (<see cref="DeniedCode"/>, <see cref="DeniedStatus"/>).
/// </summary>
public sealed class ServiceAuthorization
{
    private readonly FrozenDictionary<string, Func<object, AuthorizationScope, IReadOnlyList<RequiredAccess>>> _operations;

    private ServiceAuthorization(ServiceDescriptor service, string prefix, string deniedCode, int deniedStatus, bool quotesResource,
        IReadOnlyDictionary<string, Func<object, AuthorizationScope, IReadOnlyList<RequiredAccess>>> operations)
    {
        QuotesResource = quotesResource;
        Service = service;
        Prefix = prefix;
        DeniedCode = deniedCode;
        DeniedStatus = deniedStatus;
        _operations = operations.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The service whose error the denial is.</summary>
    public ServiceDescriptor Service { get; }

    /// <summary>The IAM action prefix (<c>states</c>, <c>sagemaker</c>, <c>s3</c>).</summary>
    public string Prefix { get; }

    /// <summary>The error code of a denial: <c>AccessDeniedException</c> on the JSON protocols, <c>AccessDenied</c> on query and S3.</summary>
    public string DeniedCode { get; }

    /// <summary>The HTTP status of a denial, as the service's Common Errors page gives it.</summary>
    public int DeniedStatus { get; }

    /// <summary>Whether the denial quotes the resource ARN (S3 writes <c>on resource: "arn:aws:s3:::bucket/key"</c>).</summary>
    public bool QuotesResource { get; }

    /// <summary>The operations the table lists.</summary>
    public IEnumerable<string> Operations => _operations.Keys;

    /// <summary>What <paramref name="operation"/> with <paramref name="input"/> needs.</summary>
    public IReadOnlyList<RequiredAccess> For(string operation, object input, AuthorizationScope scope) =>
        _operations.TryGetValue(operation, out var rule) ? rule(input, scope) : [new RequiredAccess($"{Prefix}:{operation}", "*")];

    /// <summary>The service's refusal with AWS's text.</summary>
    public AwsServiceException Denied(string message) => Service.CreateException(DeniedCode, message, DeniedStatus);

    /// <summary>The service's refusal of an expired session's credentials.</summary>
    public AwsServiceException Expired() => Service.CreateException(DeniedCode == "AccessDeniedException" ? "ExpiredTokenException" : "ExpiredToken",
        "The security token included in the request is expired", DeniedStatus);

    /// <summary>Starts a table for <paramref name="service"/>.</summary>
    public static Builder For(ServiceDescriptor service, string prefix, string deniedCode, int deniedStatus) => new(service, prefix, deniedCode, deniedStatus);

    /// <summary>Collects a table's rows.</summary>
    public sealed class Builder(ServiceDescriptor service, string prefix, string deniedCode, int deniedStatus)
    {
        private readonly Dictionary<string, Func<object, AuthorizationScope, IReadOnlyList<RequiredAccess>>> _operations = new(StringComparer.Ordinal);
        private bool _quotes;

        /// <summary>Denials quote the resource ARN, as S3's do.</summary>
        public Builder QuotingResources()
        {
            _quotes = true;
            return this;
        }

        /// <summary><paramref name="operation"/> needs what <paramref name="needs"/> computes from its input.</summary>
        public Builder Add<TInput>(string operation, Func<TInput, AuthorizationScope, IReadOnlyList<RequiredAccess>> needs)
        {
            _operations.Add(operation, (input, scope) => needs((TInput)input, scope));
            return this;
        }

        /// <summary><paramref name="operation"/> needs <c>{prefix}:{operation}</c> on the one resource <paramref name="resource"/> names.</summary>
        public Builder Add<TInput>(string operation, Func<TInput, AuthorizationScope, string> resource) =>
            Add<TInput>(operation, (input, scope) => [new RequiredAccess($"{prefix}:{operation}", resource(input, scope))]);

        /// <summary><paramref name="operation"/> needs no permission (STS GetCallerIdentity), or is decided by the service itself.</summary>
        public Builder Unchecked(string operation)
        {
            _operations.Add(operation, static (_, _) => []);
            return this;
        }

        /// <summary>The table.</summary>
        public ServiceAuthorization Build() => new(service, prefix, deniedCode, deniedStatus, _quotes, _operations);
    }
}
