using Microsoft.Data.Sqlite;

namespace Palisade.Images.Catalogers.Rpm;

/// <summary>
/// Red Hat family packages from rpm's SQLite database (var/lib/rpm/rpmdb.sqlite, usr/lib/sysimage/rpm/rpmdb.sqlite):
/// the Packages table's blobs are rpm headers (see <see cref="RpmHeader"/>). The gpg-pubkey pseudo-packages are skipped.
/// </summary>
public sealed class RpmSqliteCataloger : DatabaseFileCataloger
{
    private static readonly string[] Suffixes = ["var/lib/rpm/rpmdb.sqlite", "usr/lib/sysimage/rpm/rpmdb.sqlite"];

    public override string Name => "rpm-sqlite";

    public override bool Wants(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Suffixes.Any(s => path.Equals(s, StringComparison.Ordinal) || path.EndsWith("/" + s, StringComparison.Ordinal));
    }

    protected override IReadOnlyList<PackageRecord> Parse(string path, byte[] content, string? layerDigest, OsRelease? os)
    {
        // SQLite needs a file; a private directory also catches any -journal, -wal or -shm file SQLite creates beside it.
        var directory = Path.Combine(Path.GetTempPath(), "palisade-rpmdb-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(directory);
            var file = Path.Combine(directory, "rpmdb.sqlite");
            File.WriteAllBytes(file, content);
            return ReadDatabase(file, path, layerDigest, os);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CatalogerException("cannot stage the database in a temporary file: " + e.Message, path, null, e);
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // best effort: a leftover temporary file must not hide the result
            }
            catch (UnauthorizedAccessException)
            {
                // as above
            }
        }
    }

    private static List<PackageRecord> ReadDatabase(string file, string path, string? layerDigest, OsRelease? os)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        var packages = new List<PackageRecord>();
        try
        {
            using var connection = new SqliteConnection(builder.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT hnum, blob FROM Packages ORDER BY hnum";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var hnum = reader.IsDBNull(0) ? 0 : reader.GetInt64(0);
                if (reader.IsDBNull(1)) throw new CatalogerException(FormattableString.Invariant($"package row hnum={hnum}: blob is NULL"), path);
                var blob = reader.GetValue(1) as byte[]
                    ?? throw new CatalogerException(FormattableString.Invariant($"package row hnum={hnum}: blob is not a BLOB"), path);
                if (ToRecord(hnum, blob, path, layerDigest, os) is { } record) packages.Add(record);
            }
        }
        catch (SqliteException e)
        {
            throw new CatalogerException("not a readable rpm SQLite database: " + e.Message, path, null, e);
        }
        return packages;
    }

    private static PackageRecord? ToRecord(long hnum, byte[] blob, string path, string? layerDigest, OsRelease? os)
    {
        string? name, version, release, arch, license, sourceRpm;
        int? epoch;
        try
        {
            var header = RpmHeader.Parse(blob);
            name = header.GetString(RpmHeader.TagName);
            if (name == "gpg-pubkey") return null;
            version = header.GetString(RpmHeader.TagVersion);
            release = header.GetString(RpmHeader.TagRelease);
            epoch = header.GetInt32(RpmHeader.TagEpoch);
            arch = header.GetString(RpmHeader.TagArch);
            license = header.GetString(RpmHeader.TagLicense);
            sourceRpm = header.GetString(RpmHeader.TagSourceRpm);
        }
        catch (FormatException e)
        {
            throw new CatalogerException(FormattableString.Invariant($"package row hnum={hnum}: malformed rpm header: {e.Message}"), path, null, e);
        }
        if (string.IsNullOrWhiteSpace(name))
            throw new CatalogerException(FormattableString.Invariant($"package row hnum={hnum}: rpm header has no NAME"), path);

        var versionRelease = string.IsNullOrEmpty(release) ? version ?? "" : (version ?? "") + "-" + release;
        var hasEpoch = epoch is { } ep && ep != 0;
        var recorded = hasEpoch ? FormattableString.Invariant($"{epoch}:{versionRelease}") : versionRelease;
        arch = string.IsNullOrWhiteSpace(arch) ? null : arch.Trim();
        var purl = PackageUrl.Build("rpm", os?.Id ?? "redhat", name, versionRelease, [
            new("arch", arch),
            new("epoch", hasEpoch ? epoch!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : null),
            new("distro", os?.Distro),
        ]);
        var (sourceName, sourceVersion) = SplitSourceRpm(sourceRpm);
        if (sourceVersion == versionRelease) sourceVersion = null;
        IReadOnlyList<string> licenses = string.IsNullOrWhiteSpace(license) ? [] : [license.Trim()];
        return new PackageRecord(name, recorded, "rpm", purl, licenses, sourceName, sourceVersion, arch, path, layerDigest);
    }

    /// <summary>"bash-5.1.8-6.el9.src.rpm" is ("bash", "5.1.8-6.el9"): the name is everything before the second-to-last '-'.</summary>
    internal static (string? Name, string? Version) SplitSourceRpm(string? sourceRpm)
    {
        if (string.IsNullOrWhiteSpace(sourceRpm)) return (null, null);
        var s = sourceRpm.Trim();
        foreach (var suffix in (string[])[".src.rpm", ".nosrc.rpm"])
        {
            if (s.EndsWith(suffix, StringComparison.Ordinal))
            {
                s = s[..^suffix.Length];
                break;
            }
        }
        var last = s.LastIndexOf('-');
        if (last <= 0) return (s, null);
        var secondLast = s.LastIndexOf('-', last - 1);
        if (secondLast <= 0) return (s, null);
        return (s[..secondLast], s[(secondLast + 1)..]);
    }
}
