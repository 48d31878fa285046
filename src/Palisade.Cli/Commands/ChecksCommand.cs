using System.CommandLine;
using Palisade.Cli.Scanning;
using Palisade.Cli.Terminal;
using Palisade.Core.Findings;
using Palisade.Core.Rules;
using Palisade.Reporting.Rules;
using Spectre.Console;

namespace Palisade.Cli.Commands;

/// <summary>`palisade checks list`: every rule, from the same metadata findings and docs/checks.md use.</summary>
public static class ChecksCommand
{
    public static Command Create()
    {
        var checks = new Command("checks", "Inspect the checks Palisade runs");
        var list = new Command("list", "List every check with its severity, title and groups");
        var format = new Option<string>("--format", "-f") { Description = "table, json or markdown", DefaultValueFactory = _ => "table" };
        list.Add(format);
        list.SetAction(parse =>
        {
            var rules = ScanRunner.AllRules;
            Action<TextWriter> write = parse.GetValue(format)?.Trim().ToLowerInvariant() switch
            {
                "json" => stdout => RuleCatalog.WriteJson(rules, stdout),
                "markdown" or "md" => stdout => stdout.Write(RuleCatalog.Markdown(rules)),
                "table" => stdout => Table(rules, stdout),
                _ => throw new UsageException($"unknown format '{parse.GetValue(format)}' (expected table, json or markdown)"),
            };
            StandardOutput.Write(write);
            return ExitCodes.Success;
        });
        checks.Add(list);
        return checks;
    }

    private static void Table(IReadOnlyList<RuleMetadata> rules, TextWriter output)
    {
        var color = TerminalInfo.StdoutIsTerminal && !TerminalInfo.NoColor;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = color ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = color ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = TerminalInfo.StdoutWidth;
        var table = new Table().AddColumns("ID", "Severity", "Title", "Groups");
        foreach (var r in rules)
            table.AddRow(new Text(r.Id), new Text(r.Severity.ToWire()), new Text(r.Title), new Text(string.Join(",", r.Groups)));
        console.Write(table);
        console.WriteLine($"{rules.Count} checks");
    }
}
