namespace Stepwise.Workflows;

/// <summary>Reads a paged Step Functions listing (nextToken) to its end, or until <c>maxItems</c>.</summary>
internal static class Pages
{
    public static async Task<IReadOnlyList<T>> ReadAsync<T>(Func<string?, Task<(IReadOnlyList<T> Items, string? NextToken)>> page, int? maxItems)
    {
        var items = new List<T>();
        string? token = null;
        do
        {
            var (pageItems, next) = await page(token).ConfigureAwait(false);
            items.AddRange(pageItems);
            token = next;
        } while (token is not null && (maxItems is null || items.Count < maxItems));
        return maxItems is { } max && items.Count > max ? [.. items.Take(max)] : items;
    }
}
