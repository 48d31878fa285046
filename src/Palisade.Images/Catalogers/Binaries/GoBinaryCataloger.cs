using System.Globalization;
using System.Text.RegularExpressions;
using Palisade.Images.Catalogers.Go;

namespace Palisade.Images.Catalogers.Binaries;

/// <summary>
/// Go binaries: the main module, every dependency module (a replacement by another module is reported as that module;
/// one by a local directory is left out, as in go.mod), and the standard library as "stdlib" at the toolchain's
/// version, so that Go's own vulnerabilities can be matched. A main module built from a checkout reports "(devel)";
/// its version is then taken from a <c>-X ...version=</c> linker flag or, failing that, made a pseudo-version from
/// the recorded VCS revision and time, as <c>go</c> itself would name that commit.
/// </summary>
public sealed partial class GoBinaryCataloger : ExecutableCataloger
{
    private const string Devel = "(devel)";

    public override string Name => "go-binary";

    public override IReadOnlyList<PackageRecord> CatalogExecutable(string path, ExecutableMetadata metadata, string? layerDigest)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(metadata);
        if (metadata.Go is not { } info)
        {
            if (metadata.GoError is { } error) throw new CatalogerException(error, path);
            return [];
        }
        var packages = new List<PackageRecord>();
        var deps = new List<PackageKey>();
        foreach (var dep in info.Deps)
        {
            var module = dep.Replace ?? dep;
            if (dep.Replace is not null && IsLocal(dep.Replace)) continue;
            if (packages.Any(p => p.Name == module.Path && p.Version == module.Version)) continue;
            packages.Add(Record(module.Path, module.Version, path, layerDigest));
            deps.Add(new PackageKey(module.Path, module.Version));
        }
        var stdlib = StdlibVersion(info.GoVersion);
        if (stdlib is not null)
        {
            packages.Add(new PackageRecord("stdlib", stdlib, "golang", PackageUrl.Build("golang", null, "stdlib", stdlib[2..]), ["BSD-3-Clause"], null, null, null, path, layerDigest));
            deps.Add(new PackageKey("stdlib", stdlib));
        }
        if (info.Main is { Path.Length: > 0 } main)
        {
            var version = MainVersion(main.Version, info);
            packages.Insert(0, Record(main.Path, version, path, layerDigest) with { DependsOn = deps });
        }
        return packages;
    }

    private static PackageRecord Record(string module, string version, string path, string? layerDigest) =>
        new(module, version, "golang", GoModCataloger.Purl(module, version == Devel ? null : version), [], null, null, null, path, layerDigest);

    private static bool IsLocal(GoModule replacement) =>
        replacement.Version.Length == 0 || replacement.Version == Devel ||
        replacement.Path.StartsWith("./", StringComparison.Ordinal) || replacement.Path.StartsWith("../", StringComparison.Ordinal) ||
        replacement.Path.StartsWith('/') || (replacement.Path.Length > 2 && replacement.Path[1] == ':');

    /// <summary>"go1.22.2" from "go1.22.2 X:boringcrypto"; null for development toolchains ("devel go1.23-abc").</summary>
    internal static string? StdlibVersion(string goVersion)
    {
        var first = goVersion.Split(' ', 2)[0];
        return first.StartsWith("go1", StringComparison.Ordinal) ? first : null;
    }

    private static string MainVersion(string recorded, GoBuildInfo info)
    {
        if (recorded.Length > 0 && recorded != Devel) return recorded;
        if (info.Setting("-ldflags") is { } ldflags && LdflagsVersion().Match(ldflags) is { Success: true } m)
        {
            var v = m.Groups["v"].Value;
            return v.StartsWith('v') ? v : "v" + v;
        }
        if (info.Setting("vcs.revision") is { Length: >= 12 } revision && info.Setting("vcs.time") is { } time &&
            DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
            return "v0.0.0-" + when.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + revision[..12];
        return Devel;
    }

    [GeneratedRegex(@"-X[= ]['""]?[\w./-]*\.(?:[Vv]ersion|gitVersion|GitVersion|[Tt]ag)=['""]?(?<v>v?\d+\.\d+\.\d+[\w.+-]*)")]
    private static partial Regex LdflagsVersion();
}
