namespace Stepwise.Workbook;

/// <summary>Where a notebook's calls go.</summary>
public enum BackendKind
{
    /// <summary>The embedded local cloud (the default).</summary>
    Local,

    /// <summary>Amazon Web Services, or any endpoint speaking its protocols (<c>AWS_ENDPOINT_URL</c>).</summary>
    Aws,
}
