using System.Text;

namespace Stepwise.Local.Ecr;

/// <summary>Pages of a sorted list: the token is the (opaque) key of the last item given.</summary>
internal static class Paging
{
    public static (T[] Page, string? NextToken) Page<T>(IReadOnlyList<T> sorted, Func<T, string> key, string? token, int max)
    {
        var start = 0;
        if (token is not null)
        {
            string after;
            try
            {
                after = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            }
            catch (FormatException)
            {
                throw new Aws.Ecr.EcrException(Aws.Ecr.EcrErrorCodes.InvalidParameterException,
                    "Invalid parameter at 'nextToken' failed to satisfy constraint: 'the token was not given by this service'");
            }
            while (start < sorted.Count && string.CompareOrdinal(key(sorted[start]), after) <= 0) start++;
        }
        var page = sorted.Skip(start).Take(max).ToArray();
        var more = start + page.Length < sorted.Count;
        return (page, more ? Convert.ToBase64String(Encoding.UTF8.GetBytes(key(page[^1]))) : null);
    }
}
