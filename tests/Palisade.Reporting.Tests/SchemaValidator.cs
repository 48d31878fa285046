using System.Diagnostics;

namespace Palisade.Reporting.Tests;

/// <summary>Runs tests/tools/validate-json.mjs (Ajv) on files.</summary>
internal static class SchemaValidator
{
    public sealed record Outcome(int ExitCode, string Output);

    public static Outcome Validate(string schemaPath, params string[] files)
    {
        if (!Directory.Exists(Path.Combine(RepoPaths.Tools, "node_modules", "ajv")))
        {
            Assert.Fail("run ./test.sh, which installs tests/tools (npm ci)");
        }
        Assert.True(File.Exists(schemaPath), $"schema not found: {schemaPath}");

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepoPaths.Tools,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(RepoPaths.Tools, "validate-json.mjs"));
        start.ArgumentList.Add(schemaPath);
        foreach (var file in files)
        {
            start.ArgumentList.Add(file);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("validate-json.mjs did not finish within 2 minutes");
        }
        process.WaitForExit();
        return new Outcome(process.ExitCode, stdout.Result + stderr.Result);
    }
}
