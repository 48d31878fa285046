using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Palisade.Core.Findings;
using Palisade.Kubernetes.PodSecurity;
using Palisade.Vulnerabilities.Versions;

namespace Palisade.Cli.Commands;

/// <summary>
/// <c>palisade version</c>: Palisade's own version; <c>palisade version cmp --scheme S</c>: compares version pairs read
/// as JSON lines from stdin with one of the vulnerability matcher's version schemes.
/// </summary>
public static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print Palisade's version");
        command.SetAction(_ =>
        {
            Console.Out.WriteLine($"palisade {PalisadeVersion.Current}");
            Console.Out.WriteLine($"Pod Security Standards: v1.0 - {PssVersion.Latest} (latest)");
            Console.Out.WriteLine($".NET {Environment.Version}");
            return ExitCodes.Success;
        });
        command.Add(Cmp());
        return command;
    }

    private static Command Cmp()
    {
        var names = string.Join('|', VersionSchemes.Names);
        var cmp = new Command("cmp",
            "Compare versions: reads JSON lines {\"a\": \"...\", \"b\": \"...\"} from stdin, prints -1, 0 or 1 per line");
        var scheme = new Option<string>("--scheme", "-s") { Description = names, Required = true, HelpName = "SCHEME" };
        cmp.Add(scheme);
        cmp.SetAction(parse =>
        {
            var name = parse.GetValue(scheme) ?? "";
            var s = VersionSchemes.ForName(name)
                ?? throw new UsageException($"unknown version scheme '{name}' (expected {string.Join(", ", VersionSchemes.Names)})");
            Compare(s, Console.In, Console.Out);
            return ExitCodes.Success;
        });
        return cmp;
    }

    /// <summary>
    /// Compares each JSON line's <c>a</c> and <c>b</c> and writes -1, 0 or 1 per line (blank lines are skipped). Stops at
    /// the first bad line (not JSON, not an object, a missing or non-string field, a version the scheme rejects) with a
    /// <see cref="UsageException"/> naming the line number, after writing the results of the lines before it.
    /// </summary>
    public static void Compare(IVersionScheme scheme, TextReader input, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var buffer = new StringBuilder();
        var lineNumber = 0;
        try
        {
            while (input.ReadLine() is { } line)
            {
                lineNumber++;
                if (lineNumber == 1) line = line.TrimStart('\uFEFF'); // a byte-order mark some tools write first
                if (string.IsNullOrWhiteSpace(line)) continue;
                var (a, b) = ReadPair(line, lineNumber);
                int c;
                try
                {
                    c = Math.Sign(scheme.Compare(a, b));
                }
                catch (FormatException e)
                {
                    throw new UsageException($"line {lineNumber}: {e.Message}");
                }
                buffer.Append(c.ToString(CultureInfo.InvariantCulture)).Append('\n');
                if (buffer.Length >= 64 * 1024) Flush(buffer, output);
            }
        }
        finally
        {
            Flush(buffer, output);
        }
    }

    private static void Flush(StringBuilder buffer, TextWriter output)
    {
        if (buffer.Length == 0) return;
        output.Write(buffer.ToString());
        output.Flush();
        buffer.Clear();
    }

    private static (string A, string B) ReadPair(string line, int lineNumber)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new UsageException($"line {lineNumber}: expected a JSON object {{\"a\": ..., \"b\": ...}}");
            return (Field(root, "a", lineNumber), Field(root, "b", lineNumber));
        }
        catch (JsonException e)
        {
            throw new UsageException($"line {lineNumber}: invalid JSON: {e.Message}");
        }
    }

    private static string Field(JsonElement root, string name, int lineNumber)
    {
        if (!root.TryGetProperty(name, out var value)) throw new UsageException($"line {lineNumber}: missing field \"{name}\"");
        if (value.ValueKind != JsonValueKind.String) throw new UsageException($"line {lineNumber}: field \"{name}\" must be a string");
        return value.GetString()!;
    }
}
