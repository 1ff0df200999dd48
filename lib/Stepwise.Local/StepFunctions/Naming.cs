using System.Text;
using Stepwise.Aws.StepFunctions;

namespace Stepwise.Local.StepFunctions;

/// <summary>AWS's rules for state machine and execution names.</summary>
internal static class Names
{
    private const string Forbidden = " <>{}[]?*\"#%\\^|~`$&,;:/";

    public static void Check(string name, string member)
    {
        if (name.Length is < 1 or > 80)
            throw StepFunctionsException.Validation($"1 validation error detected: Value '{name}' at '{member}' failed to satisfy constraint: Member must have length less than or equal to 80");
        if (name.Any(c => Forbidden.Contains(c) || char.IsWhiteSpace(c) || char.IsControl(c)))
            throw StepFunctionsException.InvalidName(name);
    }
}

/// <summary>Parsing and checking the ARNs the API accepts.</summary>
internal static class Arns
{
    public static void CheckStateMachine(string arn)
    {
        var parts = arn.Split(':');
        if (parts.Length is < 7 or > 8 || parts[0] != "arn" || parts[2] != "states" || parts[5] != "stateMachine" || parts[6].Length == 0)
            throw StepFunctionsException.InvalidArn($"Invalid Arn: 'Resource type not valid in this context: {arn}'");
    }

    public static void CheckExecution(string arn)
    {
        var parts = arn.Split(':');
        if (parts.Length < 8 || parts[0] != "arn" || parts[2] != "states" || parts[5] is not ("execution" or "express"))
            throw StepFunctionsException.InvalidArn($"Invalid Arn: 'Resource type not valid in this context: {arn}'");
    }

    /// <summary><c>arn:aws:states:region:account:mapRun:machine/label:id</c>.</summary>
    public static void CheckMapRun(string arn)
    {
        var parts = arn.Split(':');
        if (parts.Length != 8 || parts[0] != "arn" || parts[2] != "states" || parts[5] != "mapRun" || parts[6].Length == 0 || parts[7].Length == 0)
            throw StepFunctionsException.InvalidArn($"Invalid Arn: 'Resource type not valid in this context: {arn}'");
    }

    /// <summary><c>arn:aws:states:region:account:activity:name</c>.</summary>
    public static void CheckActivity(string arn)
    {
        var parts = arn.Split(':');
        if (parts.Length != 7 || parts[0] != "arn" || parts[2] != "states" || parts[5] != "activity" || parts[6].Length == 0)
            throw StepFunctionsException.InvalidArn($"Invalid Arn: 'Resource type not valid in this context: {arn}'");
    }

    /// <summary>True for an activity's ARN (a Task state's Resource that waits for a worker).</summary>
    public static bool IsActivity(string arn) =>
        arn.Split(':') is { Length: 7 } parts && parts[0] == "arn" && parts[2] == "states" && parts[5] == "activity" && parts[6].Length > 0;

    /// <summary>Splits <c>…:stateMachine:name:qualifier</c> into the state machine ARN and the qualifier: a version
    /// number, an alias name, or neither.</summary>
    public static (string StateMachineArn, int? Version, string? Alias) SplitQualifier(string arn)
    {
        var parts = arn.Split(':');
        if (parts.Length != 8) return (arn, null, null);
        var machine = string.Join(':', parts[..7]);
        return int.TryParse(parts[7], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version)
            ? (machine, version, null)
            : (machine, null, parts[7]);
    }

    public static void CheckRole(string arn)
    {
        var parts = arn.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[2] != "iam" || !parts[5].StartsWith("role/", StringComparison.Ordinal))
            throw StepFunctionsException.InvalidArn($"Invalid Arn: 'Resource type not valid in this context: {arn}'");
    }


    public static string NameOf(string stateMachineArn) => stateMachineArn.Split(':')[6];
}

/// <summary>nextToken / maxResults handling: tokens are opaque base64 positions.</summary>
internal static class Paging
{
    public static int Limit(int? maxResults) => maxResults switch
    {
        null or 0 => 100,
        // The model's PageSize is 0..1000; the message names the bound that was crossed.
        < 0 => throw StepFunctionsException.Validation($"1 validation error detected: Value '{maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 0"),
        > 1000 => throw StepFunctionsException.Validation($"1 validation error detected: Value '{maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000"),
        _ => maxResults.Value,
    };

    public static (int Offset, int Limit) Window(string? nextToken, int? maxResults) =>
        ((int)(nextToken is null ? 0 : Offset(nextToken)), Limit(maxResults));

    public static string Token(long position) => Convert.ToBase64String(Encoding.UTF8.GetBytes("p:" + position));

    public static long Offset(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith("p:", StringComparison.Ordinal) && long.TryParse(text[2..], out var position) && position >= 0) return position;
        }
        catch (FormatException)
        {
            // fall through to the AWS error
        }
        throw new StepFunctionsException("InvalidToken", $"Invalid Token: '{token}'");
    }
}
