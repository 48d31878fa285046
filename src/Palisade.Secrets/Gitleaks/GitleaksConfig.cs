using System.Globalization;
using System.Text.RegularExpressions;
using Palisade.Core.Findings;
using Palisade.Secrets.Engine;
using Palisade.Secrets.Rules;
using Palisade.Secrets.Toml;

namespace Palisade.Secrets.Gitleaks;

/// <summary>
/// Reads a gitleaks configuration (TOML) into a <see cref="SecretRuleSet"/> that <see cref="SecretDetector"/> runs
/// with gitleaks' semantics.
/// </summary>
/// <remarks>
/// <para>What is read:</para>
/// <list type="bullet">
/// <item><c>[[rules]]</c>: <c>id</c> (required), <c>description</c>, <c>regex</c> and <c>path</c> (RE2 syntax, translated by
/// <see cref="RegexFactory"/>), <c>secretGroup</c>, <c>entropy</c>, <c>keywords</c>, <c>tags</c>, and the rule's allowlists:
/// <c>[[rules.allowlists]]</c> or the older single <c>[rules.allowlist]</c> (not both). A rule whose id appears twice is the
/// last definition (as in gitleaks).</item>
/// <item>The global allowlists: <c>[[allowlists]]</c> or the older single <c>[allowlist]</c> (not both). A global allowlist
/// with <c>targetRules</c> is added to those rules instead; each must exist.</item>
/// <item>Allowlist fields: <c>description</c>, <c>condition</c> (<c>OR</c>, the default, or <c>AND</c>; <c>||</c> and
/// <c>&amp;&amp;</c> too), <c>regexTarget</c> (<c>secret</c>, the default, <c>match</c> or <c>line</c>), <c>regexes</c>,
/// <c>paths</c>, <c>stopwords</c>, <c>commits</c>. An allowlist needs at least one of the last four.</item>
/// <item><c>[extend]</c>: <c>path = "other.toml"</c> or <c>useDefault = true</c> (not both), and <c>disabledRules</c>.
/// <c>useDefault</c> means Palisade's built-in rules (<see cref="BuiltinRules.All"/>), not gitleaks' default configuration:
/// load gitleaks' own <c>gitleaks.toml</c> with <c>path</c> for that. A rule with the id of an extended rule is merged
/// into it as gitleaks does: a non-empty description, regex, path, non-zero entropy or secretGroup replace the base
/// rule's; keywords, tags and allowlists are added. The extended configuration's global allowlists are added.</item>
/// <item>An <c>[extend] path</c> is relative to the file that contains it; when no file is there, it is tried relative
/// to the top-level configuration's directory and then to the working directory (gitleaks resolves it against the
/// working directory). As in gitleaks, configurations extend at most <see cref="MaxExtendDepth"/> levels deep: the
/// <c>[extend]</c> of a configuration deeper than that is ignored (with a warning). A configuration that extends itself,
/// directly or through others, is an error.</item>
/// </list>
/// <para>Rules from a configuration keep their ids, are <see cref="Severity.High"/> (a merged built-in rule keeps its
/// severity) and do not skip placeholder-looking values (gitleaks has no such filter: allowlists do that job). A rule
/// whose id contains "generic" is tagged <c>generic</c>, so that (as in gitleaks) it adds nothing on a line where a
/// specific rule found a secret.</para>
/// <para>Not supported, with a warning: composite rules (<c>[[rules.required]]</c>: the rule reports on its own),
/// <c>skipReport</c> rules (left out), <c>[extend] url</c>, and unknown keys (ignored, as gitleaks ignores them).
/// A rule with neither regex nor path is an error, except in a configuration with <c>[extend]</c> whose extended
/// configurations have no rule of that id: gitleaks accepts it there and it never matches, so it is left out.</para>
/// <para>Keys are read case-insensitively, as gitleaks (viper) reads them.</para>
/// </remarks>
public static class GitleaksConfig
{
    /// <summary>How many levels deep <c>[extend]</c> is followed (gitleaks' limit).</summary>
    public const int MaxExtendDepth = 2;

    /// <summary>What <c>[extend] useDefault = true</c> extends, in messages.</summary>
    public const string BuiltinSource = "Palisade's built-in rules";

    /// <summary>Reads the configuration file at <paramref name="path"/>.</summary>
    /// <exception cref="GitleaksConfigException">The file cannot be read or is not a usable configuration.</exception>
    public static SecretRuleSet Load(string path, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full) ?? Directory.GetCurrentDirectory();
        var loader = new Loader(directory, warn);
        return loader.Build(loader.ReadFile(full, path, depth: 0, chain: []));
    }

    /// <summary>
    /// Reads a configuration given as text. <paramref name="baseDirectory"/> is where its <c>[extend] path</c> is
    /// resolved; <paramref name="source"/> names it in messages.
    /// </summary>
    /// <exception cref="GitleaksConfigException">The text is not a usable configuration.</exception>
    public static SecretRuleSet Parse(string toml, string baseDirectory, string? source = null, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(toml);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        var directory = Path.GetFullPath(baseDirectory);
        var loader = new Loader(directory, warn);
        return loader.Build(loader.Read(toml, source ?? "<config>", directory, depth: 0, chain: []));
    }

    /// <summary>A rule being assembled (before extend merges and validation).</summary>
    private sealed class Draft
    {
        public required string Id { get; init; }
        public required string Source { get; set; }
        public string? Description { get; set; }
        public Regex? Regex { get; set; }
        public Regex? Path { get; set; }
        public int SecretGroup { get; set; }
        public double Entropy { get; set; }
        public List<string> Keywords { get; init; } = [];
        public List<string> Tags { get; init; } = [];
        public List<SecretAllowlist> Allowlists { get; init; } = [];
        public bool SkipReport { get; set; }

        /// <summary>The built-in rule this comes from (useDefault), and whether a configuration changed it.</summary>
        public SecretRule? Builtin { get; init; }

        public bool Modified { get; set; }
        public bool RegexReplaced { get; set; }

        /// <summary>Declared in a configuration with [extend] and merged into no extended rule.</summary>
        public bool Orphan { get; set; }

        public Draft Copy() => new()
        {
            Id = Id,
            Source = Source,
            Description = Description,
            Regex = Regex,
            Path = Path,
            SecretGroup = SecretGroup,
            Entropy = Entropy,
            Keywords = [.. Keywords],
            Tags = [.. Tags],
            Allowlists = [.. Allowlists],
            SkipReport = SkipReport,
            Builtin = Builtin,
            Modified = Modified,
            RegexReplaced = RegexReplaced,
            Orphan = Orphan,
        };
    }

    /// <summary>One configuration with everything it extends merged in.</summary>
    private sealed record Level(List<Draft> Rules, List<SecretAllowlist> Allowlists);

    private sealed class Loader(string rootDirectory, Action<string>? warn)
    {
        private static readonly string[] RuleKeys =
            ["id", "description", "regex", "path", "secretGroup", "entropy", "keywords", "tags", "allowlist", "allowlists", "required", "skipReport"];

        private static readonly string[] AllowlistKeys = ["description", "condition", "regexTarget", "regexes", "paths", "stopwords", "commits"];

        private static readonly string[] TopKeys = ["title", "description", "minVersion", "extend", "rules", "allowlist", "allowlists"];

        private static readonly string[] ExtendKeys = ["path", "url", "useDefault", "disabledRules"];

        private void Warn(string message) => warn?.Invoke(message);

        public Level ReadFile(string fullPath, string source, int depth, IReadOnlyList<string> chain)
        {
            string text;
            try
            {
                text = File.ReadAllText(fullPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
            {
                throw new GitleaksConfigException($"{source}: cannot read the configuration: {e.Message}", e);
            }
            return Read(text, source, Path.GetDirectoryName(fullPath) ?? rootDirectory, depth, [.. chain, fullPath]);
        }

        public Level Read(string text, string source, string directory, int depth, IReadOnlyList<string> chain)
        {
            TomlTable root;
            try
            {
                root = TomlDocument.Parse(text);
            }
            catch (TomlParseException e)
            {
                throw new GitleaksConfigException($"{source}: {e.Message}", e);
            }
            var top = new Section(root, source, "top level");

            var rules = new List<Draft>();
            var byId = new Dictionary<string, int>(StringComparer.Ordinal);
            var tables = top.Tables("rules") ?? [];
            for (var i = 0; i < tables.Count; i++)
            {
                var rule = ReadRule(tables[i], i + 1, source);
                if (byId.TryGetValue(rule.Id, out var at))
                {
                    Warn($"{source}: rule '{rule.Id}' is defined more than once; the last definition is used");
                    rules[at] = rule;
                }
                else
                {
                    byId[rule.Id] = rules.Count;
                    rules.Add(rule);
                }
            }

            // Global allowlists (the older single [allowlist] or [[allowlists]]); targetRules ones go to their rules.
            var old = top.Table("allowlist");
            var list = top.Tables("allowlists");
            if (old is not null && list is { Count: > 0 })
                throw new GitleaksConfigException($"{source}: [allowlist] (the older form) cannot be used alongside [[allowlists]]");
            var globals = new List<SecretAllowlist>();
            var targeted = new List<(string RuleId, SecretAllowlist Allowlist)>();
            IReadOnlyList<TomlTable> globalTables = old is not null ? [old] : list ?? [];
            for (var i = 0; i < globalTables.Count; i++)
            {
                var where = old is not null ? "[allowlist]" : $"[[allowlists]] #{i + 1}";
                var (allowlist, targets) = ReadAllowlist(globalTables[i], source, where, global: true);
                if (targets.Count == 0) globals.Add(allowlist);
                else targeted.AddRange(targets.Select(t => (t, allowlist)));
            }

            var level = new Level(rules, globals);
            if (top.Table("extend") is { } extendTable)
                level = Extend(level, new Section(extendTable, source, "[extend]"), source, directory, depth, chain);

            foreach (var (ruleId, allowlist) in targeted)
            {
                var rule = level.Rules.FirstOrDefault(r => r.Id == ruleId)
                    ?? throw new GitleaksConfigException($"{source}: [[allowlists]] targetRules: rule '{ruleId}' does not exist");
                rule.Allowlists.Add(allowlist);
                rule.Modified = true;
            }

            WarnUnknown(top, TopKeys);
            return level;
        }

        private Level Extend(Level current, Section extend, string source, string directory, int depth, IReadOnlyList<string> chain)
        {
            var path = extend.String("path");
            var useDefault = extend.Bool("useDefault") ?? false;
            var disabled = extend.Strings("disabledRules") ?? [];
            if (extend.String("url") is { Length: > 0 })
                Warn($"{source}: [extend] url is not supported (gitleaks does not support it either) and is ignored");
            WarnUnknown(extend, ExtendKeys);
            if (!useDefault && string.IsNullOrEmpty(path))
            {
                if (disabled.Count > 0) Warn($"{source}: [extend] disabledRules has no effect without path or useDefault");
                return current;
            }
            if (useDefault && !string.IsNullOrEmpty(path))
                throw new GitleaksConfigException($"{source}: [extend] cannot set both path and useDefault");
            // A rule with neither regex nor path here may be meant to change an extended rule (see Build).
            foreach (var r in current.Rules) r.Orphan = r.Regex is null && r.Path is null;
            if (depth >= MaxExtendDepth)
            {
                Warn($"{source}: [extend] ignored: configurations extend at most {MaxExtendDepth} levels deep (as in gitleaks)");
                return current;
            }

            Level baseLevel;
            string baseName;
            if (useDefault)
            {
                baseName = BuiltinSource;
                baseLevel = Builtins();
            }
            else
            {
                var full = Resolve(path!, directory, source);
                if (chain.Contains(full, StringComparer.Ordinal))
                    throw new GitleaksConfigException($"{source}: [extend] path '{path}' makes a cycle: {string.Join(" -> ", chain.Append(full))}");
                baseName = path!;
                baseLevel = ReadFile(full, path!, depth + 1, chain);
            }
            return Merge(current, baseLevel, disabled, baseName, source);
        }

        private string Resolve(string path, string directory, string source)
        {
            if (Path.IsPathRooted(path))
            {
                if (File.Exists(path)) return Path.GetFullPath(path);
                throw new GitleaksConfigException($"{source}: [extend] path '{path}' not found");
            }
            var candidates = new[] { directory, rootDirectory, Directory.GetCurrentDirectory() }
                .Select(d => Path.GetFullPath(Path.Combine(d, path)))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            return candidates.FirstOrDefault(File.Exists)
                ?? throw new GitleaksConfigException($"{source}: [extend] path '{path}' not found (looked for {string.Join(", ", candidates)})");
        }

        private Level Merge(Level current, Level baseLevel, IReadOnlyList<string> disabledRules, string baseName, string source)
        {
            var disabled = new HashSet<string>(disabledRules, StringComparer.Ordinal);
            foreach (var id in disabled.Where(id => baseLevel.Rules.All(r => r.Id != id)))
                Warn($"{source}: [extend] disabledRules: rule '{id}' is not in {baseName}");
            var bases = baseLevel.Rules.Where(r => !disabled.Contains(r.Id)).ToDictionary(r => r.Id, StringComparer.Ordinal);
            var merged = new List<Draft>();
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (var rule in current.Rules)
            {
                if (bases.TryGetValue(rule.Id, out var b))
                {
                    used.Add(rule.Id);
                    merged.Add(MergeRule(b, rule));
                }
                else
                {
                    merged.Add(rule);
                }
            }
            merged.AddRange(baseLevel.Rules.Where(r => !disabled.Contains(r.Id) && !used.Contains(r.Id)));
            return new Level(merged, [.. current.Allowlists, .. baseLevel.Allowlists]);
        }

        /// <summary>gitleaks' merge: what the extending rule sets replaces, lists are added.</summary>
        private static Draft MergeRule(Draft b, Draft over)
        {
            var m = b.Copy();
            m.Source = over.Source;
            m.Modified = true;
            m.Orphan = false;
            if (!string.IsNullOrEmpty(over.Description)) m.Description = over.Description;
            if (over.Entropy != 0) m.Entropy = over.Entropy;
            if (over.SecretGroup != 0) m.SecretGroup = over.SecretGroup;
            if (over.Regex is not null)
            {
                m.Regex = over.Regex;
                m.RegexReplaced = true;
            }
            if (over.Path is not null) m.Path = over.Path;
            m.SkipReport |= over.SkipReport;
            m.Tags.AddRange(over.Tags.Where(t => !m.Tags.Contains(t, StringComparer.Ordinal)));
            m.Keywords.AddRange(over.Keywords.Where(k => !m.Keywords.Contains(k, StringComparer.Ordinal)));
            m.Allowlists.AddRange(over.Allowlists);
            return m;
        }

        private static Level Builtins() => new(
            BuiltinRules.All.Select(r => new Draft
            {
                Id = r.Id,
                Source = BuiltinSource,
                Description = r.Description,
                Regex = r.Regex,
                Path = r.Path,
                SecretGroup = r.SecretGroup,
                Entropy = r.Entropy,
                Keywords = [.. r.Keywords],
                Tags = [.. r.Tags],
                Allowlists = [.. r.Allowlists],
                Builtin = r,
            }).ToList(),
            []);

        private Draft ReadRule(TomlTable table, int index, string source)
        {
            var s = new Section(table, source, $"[[rules]] #{index.ToString(CultureInfo.InvariantCulture)}");
            var id = s.String("id")?.Trim();
            var description = s.String("description");
            var regexText = s.String("regex");
            var pathText = s.String("path");
            if (string.IsNullOrEmpty(id))
            {
                var context = !string.IsNullOrEmpty(regexText) ? $" (regex '{regexText}')"
                    : !string.IsNullOrEmpty(pathText) ? $" (path '{pathText}')"
                    : !string.IsNullOrEmpty(description) ? $" (description '{description}')"
                    : "";
                throw s.Fail($"the rule has no id{context}");
            }
            s.Where = $"rule '{id}'";
            var secretGroup = s.Integer("secretGroup") ?? 0;
            if (secretGroup is < 0 or > 1000) throw s.Fail($"secretGroup {secretGroup} is not a group number");
            var entropy = s.Float("entropy") ?? 0;
            if (double.IsNaN(entropy) || entropy < 0) throw s.Fail($"entropy {entropy.ToString(CultureInfo.InvariantCulture)} must be a number of at least 0");
            var rule = new Draft
            {
                Id = id,
                Source = source,
                Description = description,
                Regex = string.IsNullOrEmpty(regexText) ? null : Compile(regexText, s, "regex"),
                Path = string.IsNullOrEmpty(pathText) ? null : Compile(pathText, s, "path"),
                SecretGroup = (int)secretGroup,
                Entropy = entropy,
                Keywords = (s.Strings("keywords") ?? []).Select(k => k.ToLowerInvariant()).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).ToList(),
                Tags = [.. s.Strings("tags") ?? []],
                SkipReport = s.Bool("skipReport") ?? false,
            };

            var old = s.Table("allowlist");
            var list = s.Tables("allowlists");
            if (old is not null && list is { Count: > 0 })
                throw s.Fail("[rules.allowlist] (the older form) cannot be used alongside [[rules.allowlists]]");
            IReadOnlyList<TomlTable> tables = old is not null ? [old] : list ?? [];
            for (var i = 0; i < tables.Count; i++)
            {
                var where = old is not null ? $"rule '{id}': [rules.allowlist]" : $"rule '{id}': [[rules.allowlists]] #{(i + 1).ToString(CultureInfo.InvariantCulture)}";
                rule.Allowlists.Add(ReadAllowlist(tables[i], source, where, global: false).Allowlist);
            }
            if (s.Has("required"))
                Warn($"{source}: rule '{id}': composite rules ([[rules.required]]) are not supported; the rule reports on its own");
            WarnUnknown(s, RuleKeys);
            return rule;
        }

        private (SecretAllowlist Allowlist, IReadOnlyList<string> TargetRules) ReadAllowlist(TomlTable table, string source, string where, bool global)
        {
            var s = new Section(table, source, where);
            var condition = s.String("condition") ?? "";
            var requireAll = condition.ToUpperInvariant() switch
            {
                "AND" or "&&" => true,
                "" or "OR" or "||" => false,
                _ => throw s.Fail($"unknown condition '{condition}' (expected OR or AND)"),
            };
            var targetText = s.String("regexTarget") ?? "";
            var target = targetText.ToLowerInvariant() switch
            {
                "" or "secret" => AllowlistTarget.Secret,
                "match" => AllowlistTarget.Match,
                "line" => AllowlistTarget.Line,
                _ => throw s.Fail($"unknown regexTarget '{targetText}' (expected secret, match or line)"),
            };
            var allowlist = new SecretAllowlist
            {
                Description = s.String("description"),
                RequireAll = requireAll,
                RegexTarget = target,
                Regexes = (s.Strings("regexes") ?? []).Select(r => Compile(r, s, "allowlist regex")).ToList(),
                Paths = (s.Strings("paths") ?? []).Select(p => Compile(p, s, "allowlist path")).ToList(),
                StopWords = (s.Strings("stopwords") ?? []).Select(w => w.ToLowerInvariant()).Where(w => w.Length > 0).Distinct(StringComparer.Ordinal).ToList(),
                Commits = (s.Strings("commits") ?? []).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            };
            if (allowlist.IsEmpty) throw s.Fail("an allowlist needs at least one of commits, paths, regexes or stopwords");
            IReadOnlyList<string> targets = global ? s.Strings("targetRules") ?? [] : [];
            WarnUnknown(s, global ? [.. AllowlistKeys, "targetRules"] : AllowlistKeys);
            return (allowlist, targets);
        }

        private static Regex Compile(string pattern, Section s, string what)
        {
            try
            {
                return RegexFactory.Compile(pattern);
            }
            catch (SecretPatternException e)
            {
                throw s.Fail($"invalid {what}: {e.Message}");
            }
        }

        private void WarnUnknown(Section s, IEnumerable<string> known)
        {
            foreach (var key in s.UnknownKeys(known))
                Warn($"{s.Source}: {s.Where}: unknown key '{key}' is ignored");
        }

        public SecretRuleSet Build(Level level)
        {
            var rules = new List<SecretRule>();
            foreach (var d in level.Rules)
            {
                if (d.SkipReport)
                {
                    Warn($"{d.Source}: rule '{d.Id}': skipReport rules only serve composite rules, which are not supported; the rule is left out");
                    continue;
                }
                if (d.Regex is null && d.Path is null)
                {
                    if (d.Orphan)
                    {
                        Warn($"{d.Source}: rule '{d.Id}' has neither regex nor path and no extended rule has its id; it is left out");
                        continue;
                    }
                    throw new GitleaksConfigException($"{d.Source}: rule '{d.Id}': has neither regex nor path, so it can never match");
                }
                if (d.Regex is not null)
                {
                    var groups = d.Regex.GetGroupNumbers().Length - 1;
                    if (d.SecretGroup > groups)
                        throw new GitleaksConfigException(
                            $"{d.Source}: rule '{d.Id}': secretGroup {d.SecretGroup.ToString(CultureInfo.InvariantCulture)} is larger than the number of groups in its regex ({groups.ToString(CultureInfo.InvariantCulture)})");
                }
                rules.Add(ToRule(d));
            }
            return new SecretRuleSet(rules, level.Allowlists);
        }

        private static SecretRule ToRule(Draft d)
        {
            if (d.Builtin is { } builtin && !d.Modified) return builtin;
            var tags = new List<string>(d.Tags);
            if (d.Builtin is null && d.Id.Contains("generic", StringComparison.OrdinalIgnoreCase) && !tags.Contains("generic", StringComparer.Ordinal))
                tags.Add("generic");
            return new SecretRule
            {
                Id = d.Id,
                Description = string.IsNullOrWhiteSpace(d.Description) ? d.Id : d.Description,
                Regex = d.Regex,
                SecretGroup = d.SecretGroup,
                Entropy = d.Entropy,
                Keywords = d.Keywords,
                Path = d.Path,
                Allowlists = d.Allowlists,
                Severity = d.Builtin?.Severity ?? Severity.High,
                Validate = d.RegexReplaced ? null : d.Builtin?.Validate,
                SkipPlaceholders = d.Builtin?.SkipPlaceholders ?? false,
                Tags = tags,
            };
        }
    }

    /// <summary>A TOML table read as gitleaks reads it: keys case-insensitive, type errors naming file and place.</summary>
    private sealed class Section
    {
        private readonly TomlTable _table;
        private readonly Dictionary<string, string> _keys = new(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _asked = new(StringComparer.OrdinalIgnoreCase);

        public Section(TomlTable table, string source, string where)
        {
            _table = table;
            Source = source;
            Where = where;
            foreach (var key in table.Keys)
                if (!_keys.TryAdd(key, key))
                    throw Fail($"keys '{_keys[key]}' and '{key}' differ only in case (keys are case-insensitive)");
        }

        public string Source { get; }

        public string Where { get; set; }

        public GitleaksConfigException Fail(string message) => new($"{Source}: {Where}: {message}");

        public bool Has(string key)
        {
            _asked.Add(key);
            return _keys.ContainsKey(key);
        }

        public IEnumerable<string> UnknownKeys(IEnumerable<string> known)
        {
            var set = new HashSet<string>(known, StringComparer.OrdinalIgnoreCase);
            return _keys.Values.Where(k => !set.Contains(k));
        }

        private T Get<T>(string key, Func<string, T> read, T absent)
        {
            _asked.Add(key);
            if (!_keys.TryGetValue(key, out var actual)) return absent;
            try
            {
                return read(actual);
            }
            catch (TomlTypeException e)
            {
                throw Fail(e.Message);
            }
        }

        public string? String(string key) => Get(key, _table.GetString, null);

        public bool? Bool(string key) => Get(key, _table.GetBool, null);

        public long? Integer(string key) => Get(key, _table.GetInteger, null);

        public double? Float(string key) => Get(key, _table.GetFloat, null);

        public IReadOnlyList<string>? Strings(string key) => Get(key, _table.GetStringArray, null);

        public TomlTable? Table(string key) => Get(key, _table.GetTable, null);

        public IReadOnlyList<TomlTable>? Tables(string key) => Get(key, _table.GetTableArray, null);
    }
}
