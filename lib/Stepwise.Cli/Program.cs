using System.CommandLine;
using System.CommandLine.Help;
using Stepwise.Cli.Commands;

// One verb per file under Commands/, each with a static Create(); adding a verb is one line here.
Command[] verbs =
[
    WalkthroughCommand.Create(),
    ValidateCommand.Create(),
    FormatCommand.Create(),
    GraphCommand.Create(),
    CloudFormationCommand.Create(),
    LocalCommand.Create(),
    EnvironmentCommand.Create(),
];

var root = new RootCommand("stepwise: tools for the Stepwise ML workbook.");
foreach (var verb in verbs)
    root.Add(verb);

// Without a verb, show the help (the list of verbs) instead of an error.
root.SetAction(parseResult => new HelpAction().Invoke(parseResult));

return await root.Parse(args).InvokeAsync();
