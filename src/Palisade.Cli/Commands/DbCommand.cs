using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Palisade.Cli.Terminal;
using Palisade.Vulnerabilities.Database;

namespace Palisade.Cli.Commands;

/// <summary>
/// <c>palisade db import|update|status</c>: the local vulnerability database (OSV advisories in SQLite, by default
/// ~/.cache/palisade/db/palisade.db). Imports and updates are atomic: a failed or interrupted one leaves the
/// previous database as it was.
/// </summary>
public static class DbCommand
{
    /// <summary>How many invalid or flagged records are listed on stderr before "... and N more".</summary>
    private const int ListedProblems = 20;

    public static Command Create()
    {
        var command = new Command("db", "Manage the vulnerability database (OSV advisories): import, update, status");
        command.Add(Import());
        command.Add(Update());
        command.Add(Status());
        return command;
    }

    private static Option<string?> DbOption() => new("--db") { Description = "The database file (default ~/.cache/palisade/db/palisade.db)" };

    private static Option<bool> QuietOption() => new("--quiet", "-q") { Description = "No progress or warnings on stderr" };

    private static Command Import()
    {
        var paths = new Argument<string[]>("PATH") { Description = "OSV records (.json, .yaml, .yml), directories of them, or zips of them (OSV's all.zip)", Arity = ArgumentArity.OneOrMore };
        var db = DbOption();
        var quiet = QuietOption();
        var command = new Command("import", "Import OSV advisories from files, directories and zips (atomically)") { paths, db, quiet };
        command.SetAction(parse =>
        {
            var path = DatabasePath(parse.GetValue(db));
            var isQuiet = parse.GetValue(quiet);
            var sources = (parse.GetValue(paths) ?? []).Select(p => new ImportSource(p)).ToList();
            var result = Guard(() => DatabaseImporter.Import(path, sources, new ImportOptions { Progress = ImportProgressLine(isQuiet) }));
            EndProgressLine(isQuiet);
            Report(result, isQuiet);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Update()
    {
        var mirror = new Option<string?>("--mirror") { Description = $"Base URL (http, https or file://) or directory holding ECOSYSTEM/all.zip (default {UpdateOptions.DefaultMirror})" };
        var ecosystems = new Option<string?>("--ecosystems") { Description = $"Comma-separated OSV ecosystems (default {string.Join(',', UpdateOptions.DefaultEcosystems)})" };
        var db = DbOption();
        var quiet = QuietOption();
        var command = new Command("update", "Download OSV's all.zip per ecosystem and import them (atomically)") { mirror, ecosystems, db, quiet };
        command.SetAction(parse =>
        {
            var path = DatabasePath(parse.GetValue(db));
            var isQuiet = parse.GetValue(quiet);
            var list = parse.GetValue(ecosystems) is { } text
                ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList()
                : UpdateOptions.DefaultEcosystems.ToList();
            if (list.Count == 0) throw new UsageException("--ecosystems: no ecosystem named");
            var options = new UpdateOptions
            {
                Mirror = parse.GetValue(mirror) ?? UpdateOptions.DefaultMirror,
                Ecosystems = list,
                Progress = !isQuiet && TerminalInfo.StderrIsTerminal ? DownloadProgress.Report : null,
                Import = new ImportOptions { Progress = ImportProgressLine(isQuiet) },
            };
            var result = Guard(() => DatabaseUpdater.Update(path, options));
            EndProgressLine(isQuiet);
            Report(result.Import, isQuiet);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Status()
    {
        var db = DbOption();
        var format = new Option<string>("--format", "-f") { Description = "Output format: table or json", DefaultValueFactory = _ => "table" };
        var command = new Command("status", "Show the database's schema version, last update, advisories per ecosystem and sources") { db, format };
        command.SetAction(parse =>
        {
            var kind = (parse.GetValue(format) ?? "table").ToLowerInvariant();
            if (kind is not ("table" or "json")) throw new UsageException($"unknown format '{kind}' (expected table or json)");
            var path = DatabasePath(parse.GetValue(db));
            var status = Guard(() =>
            {
                using var database = VulnerabilityDatabase.Open(path);
                return database.Status();
            });
            StandardOutput.Write(w =>
            {
                if (kind == "json") WriteJson(w, status);
                else WriteTable(w, status);
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static string DatabasePath(string? given)
    {
        if (given is { Length: 0 }) throw new UsageException("--db: the path is empty");
        try
        {
            return Path.GetFullPath(given ?? DatabasePaths.Default());
        }
        catch (InvalidOperationException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>Runs a database operation, turning its documented failures into exit code 2 with their message.</summary>
    private static T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (DatabaseImportException e)
        {
            throw new UsageException(e.Message);
        }
        catch (VulnerabilityDatabaseException e)
        {
            throw new UsageException(e.Message);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }

    private static void Report(ImportResult result, bool quiet)
    {
        if (!quiet)
        {
            if (result.RebuiltFromSchema is { } old)
                TerminalInfo.Warn(string.Create(CultureInfo.InvariantCulture,
                    $"{result.DatabasePath} had schema version {old} (an older Palisade): rebuilt from this input alone; import any other sources again"));
            foreach (var e in result.Errors.Take(ListedProblems)) TerminalInfo.Warn($"skipped {e.Source}: {e.Reason}");
            if (result.Statistics.Invalid > ListedProblems)
                TerminalInfo.Warn($"... and {result.Statistics.Invalid - ListedProblems} more invalid records");
            foreach (var f in result.Flagged.Take(ListedProblems))
                TerminalInfo.Warn($"flagged {f.Id} ({f.Source}): {string.Join("; ", f.Issues)}");
            if (result.Statistics.Flagged > ListedProblems)
                TerminalInfo.Warn($"... and {result.Statistics.Flagged - ListedProblems} more flagged records");
        }
        StandardOutput.Write(w => w.WriteLine($"{result.DatabasePath}: {result.Statistics}"));
    }

    private static Action<ImportProgress>? ImportProgressLine(bool quiet)
    {
        if (quiet || !TerminalInfo.StderrIsTerminal) return null;
        return p => Console.Error.Write(string.Create(CultureInfo.InvariantCulture, $"\rimporting: {p.Records,10} records"));
    }

    private static void EndProgressLine(bool quiet)
    {
        if (!quiet && TerminalInfo.StderrIsTerminal) Console.Error.Write("\r" + new string(' ', 40) + "\r");
    }

    /// <summary>One line per archive being downloaded, rewritten in place (only when stderr is a terminal).</summary>
    private static class DownloadProgress
    {
        private static long _lastTick;

        public static void Report(string ecosystem, long done, long? total)
        {
            var now = Environment.TickCount64;
            var finished = total is { } t && done >= t;
            if (!finished && now - Interlocked.Read(ref _lastTick) < 100) return;
            Interlocked.Exchange(ref _lastTick, now);
            var text = total is { } size && size > 0
                ? string.Create(CultureInfo.InvariantCulture, $"downloading {ecosystem}  {100 * done / size,3}%  {done / 1048576.0,7:F1} / {size / 1048576.0:F1} MB")
                : string.Create(CultureInfo.InvariantCulture, $"downloading {ecosystem}  {done / 1048576.0,7:F1} MB");
            Console.Error.Write("\r" + text.PadRight(70) + (finished ? "\n" : ""));
        }
    }

    private static string When(DateTimeOffset? t) =>
        t is { } v ? v.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "-";

    private static void WriteTable(TextWriter w, DatabaseStatus s)
    {
        var inv = CultureInfo.InvariantCulture;
        w.WriteLine($"Database     {s.Path}");
        w.WriteLine(string.Create(inv, $"Size         {s.FileSize / 1048576.0:F1} MB"));
        w.WriteLine(string.Create(inv, $"Schema       {s.SchemaVersion} (written by palisade {s.WrittenBy ?? "?"})"));
        w.WriteLine($"Last update  {When(s.LastUpdate)}");
        w.WriteLine(string.Create(inv, $"Advisories   {s.Advisories} ({s.Withdrawn} withdrawn, {s.Flagged} flagged)"));
        w.WriteLine();
        var e1 = Math.Max(9, s.Ecosystems.Count == 0 ? 0 : s.Ecosystems.Max(e => e.Ecosystem.Length));
        w.WriteLine($"{"ECOSYSTEM".PadRight(e1)}  ADVISORIES  WITHDRAWN");
        foreach (var e in s.Ecosystems)
            w.WriteLine(string.Create(inv, $"{e.Ecosystem.PadRight(e1)}  {e.Advisories,10}  {e.Withdrawn,9}"));
        w.WriteLine();
        var s1 = Math.Max(6, s.Sources.Count == 0 ? 0 : s.Sources.Max(x => x.Source.Length));
        w.WriteLine($"{"SOURCE".PadRight(s1)}  IMPORTED                 RECORDS  ERRORS");
        foreach (var x in s.Sources)
            w.WriteLine(string.Create(inv, $"{x.Source.PadRight(s1)}  {When(x.Imported),-23}  {x.Records,7}  {x.Errors,6}"));
    }

    private static void WriteJson(TextWriter w, DatabaseStatus s)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("path", s.Path);
            json.WriteNumber("sizeBytes", s.FileSize);
            json.WriteNumber("schemaVersion", s.SchemaVersion);
            if (s.WrittenBy is { } by) json.WriteString("writtenBy", by);
            if (s.LastUpdate is { } u) json.WriteString("lastUpdate", u.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            if (s.Created is { } c) json.WriteString("created", c.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteNumber("advisories", s.Advisories);
            json.WriteNumber("withdrawn", s.Withdrawn);
            json.WriteNumber("flagged", s.Flagged);
            json.WriteStartArray("ecosystems");
            foreach (var e in s.Ecosystems)
            {
                json.WriteStartObject();
                json.WriteString("ecosystem", e.Ecosystem);
                json.WriteNumber("advisories", e.Advisories);
                json.WriteNumber("withdrawn", e.Withdrawn);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("sources");
            foreach (var x in s.Sources)
            {
                json.WriteStartObject();
                json.WriteString("source", x.Source);
                if (x.Imported is { } i) json.WriteString("imported", i.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                json.WriteNumber("records", x.Records);
                json.WriteNumber("errors", x.Errors);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        w.WriteLine(System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length));
    }
}
