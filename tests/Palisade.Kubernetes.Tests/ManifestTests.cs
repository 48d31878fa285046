using FsCheck;
using FsCheck.Fluent;
using Palisade.Artifacts.FileSystem;
using Palisade.Kubernetes.Manifests;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.Tests;

public sealed class ManifestParserTests
{
    [Fact]
    public void Multi_document_yaml_gives_every_kubernetes_object_with_its_lines()
    {
        var file = ManifestParser.Parse("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\n# not kubernetes\nfoo: bar\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\n", "m.yaml");
        Assert.Empty(file.Errors);
        Assert.Equal(2, file.Objects.Count);
        Assert.Equal(("Namespace", 1, 4), (file.Objects[0].Kind, file.Objects[0].StartLine, file.Objects[0].EndLine));
        var d = file.Objects[1];
        Assert.Equal(("apps", "v1", "Deployment", "web", "shop", 9, 13), (d.Group, d.Version, d.Kind, d.Name, d.Namespace, d.StartLine, d.EndLine));
    }

    [Fact]
    public void Lists_are_flattened()
    {
        var file = ManifestParser.Parse("apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: a}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: b}\n", "l.yaml");
        Assert.Equal(["Service", "ConfigMap"], file.Objects.Select(o => o.Kind));
        Assert.Equal(4, file.Objects[0].StartLine);
        Assert.Equal(7, file.Objects[1].StartLine);
    }

    [Fact]
    public void Json_manifests_are_read()
    {
        var file = ManifestParser.Parse("{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"p\"}}]}", "p.json");
        var pod = Assert.Single(file.Objects);
        Assert.Equal(("Pod", "p", 2), (pod.Kind, pod.Name, pod.StartLine));
    }

    [Theory]
    [InlineData("- a\n- b\n")]
    [InlineData("just a string\n")]
    [InlineData("apiVersion: 1\nkind: Pod\n")]
    [InlineData("kind: Pod\n")]
    [InlineData("name: chart\nversion: 1.0.0\n")]
    public void Non_kubernetes_yaml_is_skipped_quietly(string yaml)
    {
        var file = ManifestParser.Parse(yaml, "x.yaml");
        Assert.Empty(file.Objects);
        Assert.Empty(file.Errors);
    }

    [Fact]
    public void A_syntax_error_keeps_the_objects_before_it_and_reports_path_and_line()
    {
        var file = ManifestParser.Parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: [broken\n", "bad.yaml");
        Assert.Single(file.Objects);
        var error = Assert.Single(file.Errors);
        Assert.Equal("bad.yaml", error.Location!.Path);
        Assert.True(error.Location.StartLine >= 5, $"line {error.Location.StartLine}");
        Assert.StartsWith("invalid YAML", error.Message, StringComparison.Ordinal);
    }

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public bool Arbitrary_input_never_throws(string? text)
    {
        var file = ManifestParser.Parse(text ?? "", "fuzz.yaml");
        return file.Objects.Count >= 0;
    }

    [FsCheck.Xunit.Property(MaxTest = 1000)]
    public Property Mutated_manifests_never_throw()
    {
        const string seed = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n        image: nginx\n        securityContext: {privileged: true}\n";
        var mutation = from pos in Gen.Choose(0, seed.Length - 1)
                       from ch in Gen.Elements('{', '}', '[', ']', ':', '-', '&', '*', '!', '|', '>', '\'', '"', '\t', '\n', ' ', '#', '%', '@', '`', '?', ',')
                       select (pos, ch);
        var gen = from n in Gen.Choose(1, 4)
                  from edits in Gen.ListOf(mutation, n)
                  select edits.Aggregate(seed, (s, e) => s[..e.pos] + e.ch + s[(e.pos + 1)..]);
        return Prop.ForAll(gen.ToArbitrary(), text =>
        {
            var file = ManifestParser.Parse(text, "m.yaml");
            foreach (var o in file.Objects) _ = WorkloadExtractor.GetPodTemplate(o)?.Containers.Count;
            return true;
        });
    }
}

public sealed class ManifestLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("palisade-loader-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Write(string rel, string text)
    {
        var p = Path.Combine(_dir, rel);
        Directory.CreateDirectory(Path.GetDirectoryName(p)!);
        File.WriteAllText(p, text);
    }

    private const string Cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n";

    [Fact]
    public void Loads_yaml_and_json_from_nested_directories_with_relative_paths()
    {
        Write("a.yaml", Cm);
        Write("deep/er/b.yml", Cm);
        Write("c.json", "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\"}}");
        Write("notes.txt", Cm);
        var set = ManifestLoader.Load(_dir);
        Assert.Equal(["a.yaml", "c.json", "deep/er/b.yml"], set.Files.Select(f => f.Path));
        Assert.Equal(3, set.Objects.Count);
    }

    [Fact]
    public void Skips_vcs_dependency_folders_and_helm_templates()
    {
        Write(".git/x.yaml", Cm);
        Write("node_modules/pkg/x.yaml", Cm);
        Write("chart/Chart.yaml", "apiVersion: v2\nname: shop\nversion: 1.0.0\n");
        Write("chart/templates/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n");
        Write("chart/values.yaml", "replicas: 2\n");
        Write("ok.yaml", Cm);
        var set = ManifestLoader.Load(_dir);
        Assert.Equal(["ok.yaml"], set.Files.Select(f => f.Path));
        Assert.All(set.Files, f => Assert.Empty(f.Errors));
    }

    [Fact]
    public void Foreign_json_that_is_not_parseable_is_not_an_error()
    {
        Write("tsconfig.json", "{\n  // comments are fine in tsconfig\n  \"compilerOptions\": {\"strict\": true,},\n}\n");
        Write("broken-manifest.json", "{\"apiVersion\": \"v1\", \"kind\": \"Pod\",,}");
        var set = ManifestLoader.Load(_dir);
        var broken = Assert.Single(set.Files);
        Assert.Equal("broken-manifest.json", broken.Path);
        Assert.NotEmpty(broken.Errors);
    }

    [Fact]
    public void Malformed_yaml_is_an_error_for_that_file_and_the_rest_is_scanned()
    {
        Write("bad.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: [\n");
        Write("good.yaml", Cm);
        var set = ManifestLoader.Load(_dir);
        Assert.Single(set.Objects);
        Assert.NotEmpty(set.Files.Single(f => f.Path == "bad.yaml").Errors);
    }

    [Fact]
    public void Oversized_files_are_reported_not_read()
    {
        Write("big.yaml", Cm + "data:\n" + string.Concat(Enumerable.Repeat("  k: vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv\n", 100)));
        var set = ManifestLoader.Load(_dir, new ManifestLoadOptions { MaxFileBytes = 1024 });
        var f = Assert.Single(set.Files);
        Assert.Contains("larger than", f.Errors.Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Directory_symlink_loops_are_not_followed()
    {
        Write("a/x.yaml", Cm);
        Directory.CreateSymbolicLink(Path.Combine(_dir, "a", "loop"), _dir);
        var outside = Directory.CreateTempSubdirectory("palisade-outside-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(outside, "secret.yaml"), Cm);
            File.CreateSymbolicLink(Path.Combine(_dir, "escape.yaml"), Path.Combine(outside, "secret.yaml"));
            var files = DirectoryWalker.Walk(_dir).Select(f => f.RelativePath).ToList();
            Assert.Equal(["a/x.yaml"], files);
        }
        finally
        {
            Directory.Delete(outside, true);
        }
    }

    [Fact]
    public void A_single_file_can_be_scanned()
    {
        Write("one.yaml", Cm);
        var set = ManifestLoader.Load(Path.Combine(_dir, "one.yaml"));
        Assert.Equal("one.yaml", Assert.Single(set.Files).Path);
    }
}
