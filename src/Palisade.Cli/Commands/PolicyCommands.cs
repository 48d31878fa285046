using System.CommandLine;
using System.Globalization;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Palisade.Cli.Terminal;
using Palisade.Policy.Documents;
using Palisade.Policy.Engine;
using Palisade.Policy.Matching;
using Palisade.Policy.Model;
using Palisade.Policy.Testing;

namespace Palisade.Cli.Commands;

/// <summary>
/// <c>palisade policy apply</c> (Kyverno policies on resource files: pass/fail/skip/error per policy, rule and resource)
/// and <c>palisade policy test</c> (kyverno-test.yaml files, in the Kyverno CLI's test format).
/// </summary>
public static class PolicyCommands
{
    public static Command Create()
    {
        var command = new Command("policy", "Kyverno-compatible policies: apply them to resources, or run kyverno-test.yaml tests");
        command.Add(Apply());
        command.Add(Test());
        return command;
    }

    private static Command Apply()
    {
        var policies = new Option<string[]>("--policy", "-p") { Description = "Policy files or directories (ClusterPolicy, Policy; repeatable)", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = true };
        var resources = new Option<string[]>("--resource", "-r") { Description = "Resource files or directories (YAML/JSON, multi-document; repeatable)", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = true };
        var values = new Option<string?>("--values-file", "-f") { Description = "A Kyverno CLI Values file: variable values (global, per policy rule and resource) and namespace labels" };
        var userinfo = new Option<string?>("--userinfo", "-u") { Description = "A Kyverno CLI UserInfo file: the requester (username, groups, roles, clusterRoles)" };
        var format = new Option<string>("--format") { Description = "Output: table, json or policyreport (wgpolicyk8s.io/v1alpha2 ClusterPolicyReport)", DefaultValueFactory = _ => "table" };
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to FILE instead of stdout" };
        var command = new Command("apply", "Apply Kyverno policies to resource files; exit 1 when an Enforce rule fails") { policies, resources, values, userinfo, format, output };
        command.SetAction(parse =>
        {
            var fmt = (parse.GetValue(format) ?? "table").ToLowerInvariant();
            if (fmt is not ("table" or "json" or "policyreport")) throw new UsageException($"unknown format '{fmt}' (expected table, json, policyreport)");
            var policyPaths = parse.GetValue(policies) ?? [];
            var resourcePaths = parse.GetValue(resources) ?? [];
            if (policyPaths.Length == 0) throw new UsageException("no policies: give -p FILE|DIR");
            if (resourcePaths.Length == 0) throw new UsageException("no resources: give -r FILE|DIR");
            var set = PolicyLoader.Load(policyPaths);
            if (set.Errors.Count > 0) throw new UsageException(string.Join("\n", set.Errors));
            foreach (var u in set.Unsupported) TerminalInfo.Warn($"{u.Source}: {u.Kind} {u.Name} skipped: {u.Reason}");
            if (set.Policies.Count == 0) throw new UsageException("no Kyverno ClusterPolicy or Policy in " + string.Join(", ", policyPaths));
            ValuesFile valuesFile;
            AdmissionInfo admission;
            List<JObject> objects;
            try
            {
                valuesFile = parse.GetValue(values) is { } v ? ValuesFile.Read(v) : ValuesFile.Empty;
                admission = parse.GetValue(userinfo) is { } u ? UserInfoFile.Read(u) : AdmissionInfo.Default;
                objects = ResourceFiles(resourcePaths).SelectMany(KyvernoTestRunner.ReadResources).ToList();
            }
            catch (PolicyDocumentException e)
            {
                throw new UsageException(e.Message);
            }
            var results = new List<RuleResult>();
            foreach (var resource in objects)
            {
                var request = KyvernoTestRunner.RequestFor(resource, valuesFile, admission);
                results.AddRange(PolicyEngine.Apply(set.Policies, request));
            }
            var text = fmt switch
            {
                "json" => PolicyReports.Json(results),
                "policyreport" => PolicyReports.ClusterPolicyReport(results),
                _ => PolicyReports.Table(results),
            };
            Write(text, parse.GetValue(output));
            return results.Any(r => r.Blocks) ? ExitCodes.DefaultFindings : results.Any(r => r.Status == RuleStatus.Error) ? ExitCodes.UsageOrInputError : ExitCodes.Success;
        });
        return command;
    }

    private static Command Test()
    {
        var paths = new Argument<string[]>("DIR") { Description = "Directories to search for kyverno-test.yaml files (also in .kyverno-test folders), or test files", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format") { Description = "Output: table or json", DefaultValueFactory = _ => "table" };
        var command = new Command("test", "Run Kyverno CLI tests (kyverno-test.yaml): each expected result against Palisade's engine") { paths, format };
        command.SetAction(parse =>
        {
            var fmt = (parse.GetValue(format) ?? "table").ToLowerInvariant();
            if (fmt is not ("table" or "json")) throw new UsageException($"unknown format '{fmt}' (expected table, json)");
            var given = parse.GetValue(paths) ?? [];
            foreach (var p in given)
                if (!File.Exists(p) && !Directory.Exists(p)) throw new UsageException($"no such file or directory: {p}");
            var files = KyvernoTestFile.Find(given);
            if (files.Count == 0) throw new UsageException("no kyverno-test.yaml found in " + string.Join(", ", given));
            var runs = files.Select(KyvernoTestRunner.Run).ToList();
            Console.Out.Write(fmt == "json" ? PolicyReports.TestJson(runs) : PolicyReports.TestTable(runs));
            return runs.Any(r => r.Failed > 0) ? ExitCodes.DefaultFindings : ExitCodes.Success;
        });
        return command;
    }

    private static IEnumerable<string> ResourceFiles(IEnumerable<string> paths)
    {
        foreach (var p in paths)
        {
            if (File.Exists(p))
            {
                yield return p;
            }
            else if (Directory.Exists(p))
            {
                foreach (var f in PolicyDocuments.FilesUnder(p)) yield return f;
            }
            else
            {
                throw new UsageException($"no such file or directory: {p}");
            }
        }
    }

    private static void Write(string text, string? output)
    {
        if (output is null) Console.Out.Write(text);
        else File.WriteAllText(output, text, new UTF8Encoding(false));
    }
}

/// <summary>The policy commands' outputs.</summary>
public static class PolicyReports
{
    private static string Resource(RuleResult r) =>
        r.ResourceNamespace.Length > 0 ? $"{r.ResourceKind} {r.ResourceNamespace}/{r.ResourceName}" : $"{r.ResourceKind} {r.ResourceName}";

    public static string Table(IReadOnlyList<RuleResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var text = new StringBuilder();
        foreach (var r in results.OrderBy(r => r.Policy.Key, StringComparer.Ordinal).ThenBy(r => r.Rule.Name, StringComparer.Ordinal).ThenBy(Resource, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"{KyvernoTestRunner.Word(r.Status).ToUpperInvariant(),-5} {r.Policy.Key}/{r.Rule.Name}  {Resource(r)}");
            if (r.Status is RuleStatus.Fail or RuleStatus.Error or RuleStatus.Warn && r.Message.Length > 0) text.Append("\n      ").Append(r.Message.Replace("\n", "\n      ", StringComparison.Ordinal));
            if (r.Status == RuleStatus.Fail) text.Append(r.Action == FailureAction.Enforce ? "  [Enforce]" : "  [Audit]");
            text.Append('\n');
        }
        var c = Counts(results);
        text.Append(CultureInfo.InvariantCulture, $"\npass: {c["pass"]}, fail: {c["fail"]}, warn: {c["warn"]}, error: {c["error"]}, skip: {c["skip"]}\n");
        return text.ToString();
    }

    private static Dictionary<string, int> Counts(IEnumerable<RuleResult> results)
    {
        var c = new Dictionary<string, int>(StringComparer.Ordinal) { ["pass"] = 0, ["fail"] = 0, ["warn"] = 0, ["error"] = 0, ["skip"] = 0 };
        foreach (var r in results) c[KyvernoTestRunner.Word(r.Status)]++;
        return c;
    }

    private static JObject Summary(IEnumerable<RuleResult> results)
    {
        var o = new JObject();
        foreach (var (k, v) in Counts(results)) o[k] = v;
        return o;
    }

    public static string Json(IReadOnlyList<RuleResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var list = new JArray(results.Select(r => new JObject
        {
            ["policy"] = r.Policy.Key,
            ["rule"] = r.Rule.Name,
            ["resource"] = new JObject
            {
                ["apiVersion"] = (string?)r.Resource["apiVersion"],
                ["kind"] = r.ResourceKind,
                ["namespace"] = r.ResourceNamespace,
                ["name"] = r.ResourceName,
            },
            ["result"] = KyvernoTestRunner.Word(r.Status),
            ["action"] = r.Action.ToString(),
            ["message"] = r.Message,
        }));
        return new JObject { ["results"] = list, ["summary"] = Summary(results) }.ToString(Formatting.Indented) + "\n";
    }

    /// <summary>A wgpolicyk8s.io/v1alpha2 ClusterPolicyReport named "merged", as the Kyverno CLI writes it.</summary>
    public static string ClusterPolicyReport(IReadOnlyList<RuleResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var now = DateTimeOffset.UtcNow;
        var list = new JArray(results.Select(r => new JObject
        {
            ["policy"] = r.Policy.Key,
            ["rule"] = r.Rule.Name,
            ["result"] = KyvernoTestRunner.Word(r.Status),
            ["message"] = r.Message,
            ["scored"] = !r.Policy.Annotations.TryGetValue("policies.kyverno.io/scored", out var scored) || scored != "false",
            ["source"] = "palisade",
            ["category"] = r.Policy.Annotations.GetValueOrDefault("policies.kyverno.io/category"),
            ["severity"] = r.Policy.Annotations.GetValueOrDefault("policies.kyverno.io/severity"),
            ["timestamp"] = new JObject { ["seconds"] = now.ToUnixTimeSeconds(), ["nanos"] = 0 },
            ["resources"] = new JArray(new JObject
            {
                ["apiVersion"] = (string?)r.Resource["apiVersion"],
                ["kind"] = r.ResourceKind,
                ["name"] = r.ResourceName,
                ["namespace"] = r.ResourceNamespace.Length > 0 ? r.ResourceNamespace : null,
            }),
        }));
        var report = new JObject
        {
            ["apiVersion"] = "wgpolicyk8s.io/v1alpha2",
            ["kind"] = "ClusterPolicyReport",
            ["metadata"] = new JObject { ["name"] = "merged" },
            ["results"] = list,
            ["summary"] = Summary(results),
        };
        return report.ToString(Formatting.Indented) + "\n";
    }

    public static string TestTable(IReadOnlyList<TestRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var text = new StringBuilder();
        foreach (var run in runs)
        {
            text.Append(CultureInfo.InvariantCulture, $"Test {run.Name} ({run.Path}): {run.Passed} passed, {run.Failed} failed, {run.Skipped} skipped\n");
            if (run.Error is not null) text.Append("  error: ").Append(run.Error).Append('\n');
            foreach (var o in run.Outcomes.Where(o => o.Skipped is null && !o.Ok))
                text.Append(CultureInfo.InvariantCulture, $"  FAIL {o.Policy}/{o.Rule} {o.Kind} {o.Resource}: expected {o.Expected}, got {o.Actual}{(o.Detail.Length > 0 ? " (" + o.Detail + ")" : "")}\n");
            foreach (var reason in run.Outcomes.Where(o => o.Skipped is not null).Select(o => o.Skipped).Distinct())
                text.Append("  skipped: ").Append(reason).Append('\n');
        }
        text.Append(CultureInfo.InvariantCulture, $"\n{runs.Sum(r => r.Passed)} passed, {runs.Sum(r => r.Failed)} failed, {runs.Sum(r => r.Skipped)} skipped ({runs.Count} tests)\n");
        return text.ToString();
    }

    public static string TestJson(IReadOnlyList<TestRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var tests = new JArray(runs.Select(run =>
        {
            var o = new JObject
            {
                ["path"] = run.Path,
                ["results"] = new JArray(run.Outcomes.Select(x => new JObject
                {
                    ["policy"] = x.Policy,
                    ["rule"] = x.Rule,
                    ["kind"] = x.Kind,
                    ["resource"] = x.Resource,
                    ["expected"] = x.Expected,
                    ["actual"] = x.Skipped is null ? x.Actual : "skip",
                    ["ok"] = x.Skipped is null && x.Ok,
                })),
            };
            if (run.Error is not null) o["error"] = run.Error;
            return o;
        }));
        var summary = new JObject { ["passed"] = runs.Sum(r => r.Passed), ["failed"] = runs.Sum(r => r.Failed), ["skipped"] = runs.Sum(r => r.Skipped) };
        return new JObject { ["tests"] = tests, ["summary"] = summary }.ToString(Formatting.Indented) + "\n";
    }
}
