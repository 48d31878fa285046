using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using Microsoft.Data.Sqlite;
using Palisade.Images.Catalogers;
using Palisade.Images.Catalogers.Rpm;

namespace Palisade.Images.Tests.Catalogers.Rpm;

public sealed class RpmSqliteCatalogerTests
{
    private const string DbPath = "var/lib/rpm/rpmdb.sqlite";
    private static readonly OsRelease Rocky = OsRelease.Parse("NAME=\"Rocky Linux\"\nID=\"rocky\"\nVERSION_ID=\"9.3\"\n")!;

    private static IReadOnlyList<PackageRecord> Catalog(byte[] db, OsRelease? os = null) =>
        new RpmSqliteCataloger().CatalogFile(DbPath, db, "sha256:layer", os);

    [Fact]
    public void Packages_with_and_without_epoch_are_read_and_gpg_pubkeys_skipped()
    {
        var db = Database(
            Header.Package("bash", "5.1.8", "6.el9", "x86_64", license: "GPLv3+", sourceRpm: "bash-5.1.8-6.el9.src.rpm", vendor: "Rocky Enterprise Software Foundation"),
            Header.Package("gpg-pubkey", "350d275d", "6279464b"),
            Header.Package("openssl-libs", "3.0.7", "25.el9_3", "x86_64", epoch: 1, license: "ASL 2.0", sourceRpm: "openssl-3.0.7-25.el9_3.src.rpm"),
            Header.Package("tzdata", "2023c", "1.el9", "noarch", epoch: 0, license: "Public Domain", sourceRpm: "tzdata-2023c-1.el9.src.rpm"),
            Header.Package("python3-setuptools-wheel", "53.0.0", "12.el9", "noarch", license: "MIT and (BSD or ASL 2.0)", sourceRpm: "python-setuptools-53.0.0-10.el9.src.rpm"));

        var packages = Catalog(db, Rocky);

        Assert.Equal(["bash", "openssl-libs", "tzdata", "python3-setuptools-wheel"], packages.Select(p => p.Name));
        var bash = packages[0];
        Assert.Equal("5.1.8-6.el9", bash.Version);
        Assert.Equal("rpm", bash.Type);
        Assert.Equal("pkg:rpm/rocky/bash@5.1.8-6.el9?arch=x86_64&distro=rocky-9.3", bash.Purl);
        Assert.Equal(["GPLv3+"], bash.Licenses);
        Assert.Equal("bash", bash.SourceName);
        Assert.Null(bash.SourceVersion);
        Assert.Equal("x86_64", bash.Architecture);
        Assert.Equal(DbPath, bash.FoundIn);
        Assert.Equal("sha256:layer", bash.LayerDigest);

        var openssl = packages[1];
        Assert.Equal("1:3.0.7-25.el9_3", openssl.Version);
        Assert.Equal("pkg:rpm/rocky/openssl-libs@3.0.7-25.el9_3?arch=x86_64&distro=rocky-9.3&epoch=1", openssl.Purl);
        Assert.Equal(["ASL 2.0"], openssl.Licenses);
        Assert.Equal("openssl", openssl.SourceName);

        var tzdata = packages[2];
        Assert.Equal("2023c-1.el9", tzdata.Version);
        Assert.Equal("pkg:rpm/rocky/tzdata@2023c-1.el9?arch=noarch&distro=rocky-9.3", tzdata.Purl);
        Assert.Equal(["Public Domain"], tzdata.Licenses);

        var wheel = packages[3];
        Assert.Equal("python-setuptools", wheel.SourceName);
        Assert.Equal("53.0.0-10.el9", wheel.SourceVersion);
        Assert.Equal(["MIT and (BSD or ASL 2.0)"], wheel.Licenses);
    }

    [Fact]
    public void Without_os_release_the_namespace_is_redhat_and_there_is_no_distro()
    {
        var p = Assert.Single(Catalog(Database(Header.Package("glibc", "2.34", "83.el9", "aarch64", epoch: 2))));
        Assert.Equal("pkg:rpm/redhat/glibc@2.34-83.el9?arch=aarch64&epoch=2", p.Purl);
        Assert.Equal("2:2.34-83.el9", p.Version);
        Assert.Empty(p.Licenses);
        Assert.Null(p.SourceName);
    }

    [Fact]
    public void A_database_in_wal_mode_as_rpm_writes_it_is_read_and_leaves_no_files_behind()
    {
        var before = TempDirectories();
        var db = WithDatabase(connection =>
        {
            Execute(connection, "PRAGMA journal_mode = WAL");
            Execute(connection, "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)");
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO Packages (blob) VALUES ($blob)";
            insert.Parameters.AddWithValue("$blob", Header.Package("rpm", "4.16.1.3", "25.el9", "x86_64"));
            insert.ExecuteNonQuery();
        });
        Assert.Equal(2, db[18]); // the header says WAL
        Assert.Equal("rpm", Assert.Single(Catalog(db)).Name);
        Assert.Equal(before, TempDirectories());
    }

    [Fact]
    public void An_empty_packages_table_gives_no_packages()
    {
        Assert.Empty(Catalog(Database()));
    }

    [Fact]
    public void Wants_matches_both_database_locations_only()
    {
        var cataloger = new RpmSqliteCataloger();
        Assert.Equal("rpm-sqlite", cataloger.Name);
        Assert.True(cataloger.Wants("var/lib/rpm/rpmdb.sqlite"));
        Assert.True(cataloger.Wants("usr/lib/sysimage/rpm/rpmdb.sqlite"));
        Assert.True(cataloger.Wants("some/root/var/lib/rpm/rpmdb.sqlite"));
        Assert.False(cataloger.Wants("var/lib/rpm/Packages"));
        Assert.False(cataloger.Wants("var/lib/rpm/rpmdb.sqlite-shm"));
        Assert.False(cataloger.Wants("xvar/lib/rpm/rpmdb.sqlite"));
        Assert.Contains(RpmCatalogers.All, c => c is RpmSqliteCataloger);
    }

    [Fact]
    public void Catalog_reads_the_database_from_a_source()
    {
        var db = Database(Header.Package("zlib", "1.2.11", "40.el9", "x86_64"));
        var source = new BytesSource(new Dictionary<string, byte[]> { ["usr/lib/sysimage/rpm/rpmdb.sqlite"] = db, ["etc/os-release"] = [1] });
        var p = Assert.Single(new RpmSqliteCataloger().Catalog(source, null));
        Assert.Equal(("zlib", "usr/lib/sysimage/rpm/rpmdb.sqlite"), (p.Name, p.FoundIn));
    }

    [Fact]
    public void A_file_that_is_not_sqlite_gives_a_clear_cataloger_exception()
    {
        var e = Assert.Throws<CatalogerException>(() => Catalog(Encoding.UTF8.GetBytes("this is not a database, just some text that is long enough to look like one")));
        Assert.Equal(DbPath, e.Path);
        Assert.Contains("not a readable rpm SQLite database", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sqlite_database_without_a_packages_table_gives_a_cataloger_exception()
    {
        var db = WithDatabase(c => Execute(c, "CREATE TABLE Other (x INTEGER)"));
        var e = Assert.Throws<CatalogerException>(() => Catalog(db));
        Assert.Contains("Packages", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_blob_names_its_row()
    {
        var blob = Header.Package("bash", "5.1.8", "6.el9", "x86_64");
        var e = Assert.Throws<CatalogerException>(() => Catalog(Database(Header.Package("ok", "1", "1", "x86_64"), blob[..^5])));
        Assert.Contains("hnum=2", e.Message, StringComparison.Ordinal);
        Assert.Equal(DbPath, e.Path);
    }

    [Fact]
    public void A_blob_shorter_than_its_preamble_is_malformed()
    {
        var e = Assert.Throws<CatalogerException>(() => Catalog(Database([0, 0, 1])));
        Assert.Contains("hnum=1", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1_000_001)]
    [InlineData(int.MaxValue)]
    [InlineData(-1)]
    [InlineData(500_000)]
    public void An_index_count_too_large_for_the_blob_is_malformed(int il)
    {
        var blob = Header.Package("bash", "5.1.8", "6.el9", "x86_64");
        BinaryPrimitives.WriteInt32BigEndian(blob, il);
        var e = Assert.Throws<CatalogerException>(() => Catalog(Database(blob)));
        Assert.Contains("hnum=1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_data_size_larger_than_the_blob_is_malformed()
    {
        var blob = Header.Package("bash", "5.1.8", "6.el9", "x86_64");
        BinaryPrimitives.WriteInt32BigEndian(blob.AsSpan(4), int.MaxValue);
        Assert.Throws<CatalogerException>(() => Catalog(Database(blob)));
    }

    [Theory]
    [InlineData(1_000_000)]
    [InlineData(-4)]
    public void An_offset_outside_the_data_is_malformed(int offset)
    {
        var blob = new Header().String(1000, "bash").Build();
        BinaryPrimitives.WriteInt32BigEndian(blob.AsSpan(8 + 8), offset);
        var e = Assert.Throws<CatalogerException>(() => Catalog(Database(blob)));
        Assert.Contains("offset", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_int32_running_past_the_data_is_malformed()
    {
        var header = new Header().String(1000, "bash").Raw(1003, 4, 1, [0, 0]);
        Assert.Throws<CatalogerException>(() => Catalog(Database(header.Build())));
    }

    [Fact]
    public void A_string_without_nul_is_malformed()
    {
        var header = new Header().Raw(1000, 6, 1, Encoding.UTF8.GetBytes("bash"));
        var e = Assert.Throws<CatalogerException>(() => Catalog(Database(header.Build())));
        Assert.Contains("NUL", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_without_a_name_is_malformed()
    {
        var e = Assert.Throws<CatalogerException>(() => Catalog(Database(new Header().String(1001, "1.0").Build())));
        Assert.Contains("no NAME", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_tag_of_the_wrong_type_is_malformed()
    {
        Assert.Throws<CatalogerException>(() => Catalog(Database(new Header().Int32(1000, 7).Build())));
    }

    [Fact]
    public void Unknown_tags_and_string_arrays_are_tolerated()
    {
        var blob = new Header().Raw(63, 7, 16, new byte[16]).String(1000, "bash", type: 8).String(1001, "5.1").String(1022, "x86_64", type: 9).Build();
        var p = Assert.Single(Catalog(Database(blob)));
        Assert.Equal(("bash", "5.1", "x86_64"), (p.Name, p.Version, p.Architecture));
    }

    [Fact]
    public void The_temporary_file_is_deleted_even_when_the_database_is_malformed()
    {
        var before = TempDirectories();
        Assert.Throws<CatalogerException>(() => Catalog(Database([1, 2, 3])));
        Assert.Throws<CatalogerException>(() => Catalog([1, 2, 3, 4, 5]));
        Assert.Single(Catalog(Database(Header.Package("bash", "1", "1", "x86_64"))));
        Assert.Equal(before, TempDirectories());
    }

    [Fact]
    public void A_database_made_by_rpm_itself_is_read()
    {
        const string rpm = "/usr/bin/rpm";
        if (!File.Exists(rpm)) return; // rpm is not installed on this machine: nothing to compare against
        var dir = Path.Combine(Path.GetTempPath(), "palisade-rpm-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var start = new ProcessStartInfo(rpm) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var arg in (string[])["--dbpath", dir, "--define", "_db_backend sqlite", "--initdb"]) start.ArgumentList.Add(arg);
            using (var process = Process.Start(start)!)
            {
                process.StandardOutput.ReadToEnd();
                process.StandardError.ReadToEnd();
                Assert.True(process.WaitForExit(60_000));
                Assert.Equal(0, process.ExitCode);
            }
            var file = Path.Combine(dir, "rpmdb.sqlite");
            if (!File.Exists(file)) return; // this rpm build has no sqlite backend
            Assert.Empty(Catalog(File.ReadAllBytes(file)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string[] TempDirectories() =>
        Directory.GetDirectories(Path.GetTempPath(), "palisade-rpmdb-*").Order(StringComparer.Ordinal).ToArray();

    /// <summary>A real SQLite rpmdb with the given header blobs in the Packages table (hnum 1, 2, ...).</summary>
    private static byte[] Database(params byte[][] blobs) => WithDatabase(connection =>
    {
        Execute(connection, "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)");
        foreach (var blob in blobs)
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO Packages (blob) VALUES ($blob)";
            insert.Parameters.AddWithValue("$blob", blob);
            insert.ExecuteNonQuery();
        }
    });

    private static byte[] WithDatabase(Action<SqliteConnection> fill)
    {
        var file = Path.Combine(Path.GetTempPath(), "palisade-rpm-fixture-" + Guid.NewGuid().ToString("N") + ".sqlite");
        try
        {
            using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString()))
            {
                connection.Open();
                fill(connection);
            }
            return File.ReadAllBytes(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private sealed class BytesSource(Dictionary<string, byte[]> files) : ICatalogSource
    {
        public IEnumerable<string> Files => files.Keys.Order(StringComparer.Ordinal);

        public byte[]? Read(string path) => files.GetValueOrDefault(path);

        public string? LayerDigestOf(string path) => null;
    }

    /// <summary>Encodes an rpm header as rpmdb stores it: il, dl, il 16-byte index entries, dl data bytes.</summary>
    private sealed class Header
    {
        private readonly List<(int Tag, int Type, int Count, byte[] Data, int Align)> entries = [];

        public static byte[] Package(string name, string version, string release, string? arch = null, int? epoch = null,
            string? license = null, string? sourceRpm = null, string? vendor = null)
        {
            var h = new Header().String(1000, name).String(1001, version).String(1002, release);
            if (epoch is { } e) h.Int32(1003, e);
            if (vendor is not null) h.String(1011, vendor);
            if (license is not null) h.String(1014, license);
            if (arch is not null) h.String(1022, arch);
            if (sourceRpm is not null) h.String(1044, sourceRpm);
            return h.Build();
        }

        public Header String(int tag, string value, int type = 6)
        {
            entries.Add((tag, type, 1, [.. Encoding.UTF8.GetBytes(value), 0], 1));
            return this;
        }

        public Header Int32(int tag, int value)
        {
            var data = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(data, value);
            entries.Add((tag, 4, 1, data, 4));
            return this;
        }

        public Header Raw(int tag, int type, int count, byte[] data)
        {
            entries.Add((tag, type, count, data, 1));
            return this;
        }

        public byte[] Build()
        {
            var data = new List<byte>();
            var index = new List<byte>();
            foreach (var (tag, type, count, bytes, align) in entries)
            {
                while (data.Count % align != 0) data.Add(0);
                var entry = new byte[16];
                BinaryPrimitives.WriteInt32BigEndian(entry, tag);
                BinaryPrimitives.WriteInt32BigEndian(entry.AsSpan(4), type);
                BinaryPrimitives.WriteInt32BigEndian(entry.AsSpan(8), data.Count);
                BinaryPrimitives.WriteInt32BigEndian(entry.AsSpan(12), count);
                index.AddRange(entry);
                data.AddRange(bytes);
            }
            var blob = new byte[8 + index.Count + data.Count];
            BinaryPrimitives.WriteInt32BigEndian(blob, entries.Count);
            BinaryPrimitives.WriteInt32BigEndian(blob.AsSpan(4), data.Count);
            index.CopyTo(blob, 8);
            data.CopyTo(blob, 8 + index.Count);
            return blob;
        }
    }
}
