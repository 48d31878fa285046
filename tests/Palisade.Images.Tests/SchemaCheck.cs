using System.Diagnostics;

namespace Palisade.Images.Tests;

/// <summary>Validates JSON files with Ajv (tests/tools/validate-json.mjs) against the schemas in ../shared/conformance.</summary>
internal static class SchemaCheck
{
    internal static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Palisade.sln"))) return dir.FullName;
        throw new InvalidOperationException("Palisade.sln not found");
    }

    internal static (int Exit, string Output) Validate(string schema, string file)
    {
        var tools = Path.Combine(Root(), "tests", "tools");
        if (!Directory.Exists(Path.Combine(tools, "node_modules", "ajv"))) Assert.Fail("run ./test.sh, which installs tests/tools (npm ci)");
        var start = new ProcessStartInfo("node") { WorkingDirectory = tools, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(tools, "validate-json.mjs"));
        start.ArgumentList.Add(schema);
        start.ArgumentList.Add(file);
        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }

    internal static string Shared(params string[] parts) => Path.GetFullPath(Path.Combine([Root(), "..", "shared", "conformance", .. parts]));
}
