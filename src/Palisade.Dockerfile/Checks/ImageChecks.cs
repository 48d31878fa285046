using Palisade.Core.Images;
using Palisade.Core.Findings;
using Palisade.Dockerfile.Model;
using Palisade.Dockerfile.Parsing;
using static Palisade.Dockerfile.Checks.DockerfileRules;

namespace Palisade.Dockerfile.Checks;

/// <summary>Checks of the base images and of the user the image runs as.</summary>
public static class ImageChecks
{
    /// <summary>External images of a file: the FROMs that do not build on an earlier stage (scratch excluded).</summary>
    private static IEnumerable<(Stage Stage, ImageReference Image)> ExternalImages(DockerfileDocument doc) =>
        doc.Stages.Where(s => s.Parent is null && !s.IsScratch && s.Image.Length > 0 && !s.Image.Contains('$', StringComparison.Ordinal))
            .Select(s => (s, ImageReference.Parse(s.Image)));

    private static bool IsRootUser(string user)
    {
        var name = user.Split(':')[0].Trim();
        return name is "root" or "0";
    }

    private static readonly string[] NonRootImageHints = ["nonroot", "non-root", "rootless", "cgr.dev/chainguard/"];

    public static DockerfileCheck RunsAsRoot { get; } = new(
        Rule("PAL-DF-001", "Image runs as root", Severity.High,
            "The final stage runs as root: its last USER is root or 0, or it sets no USER and the base image runs as root. A process that escapes the container, or abuses a mounted volume, does so as root.",
            Snippet("Create an unprivileged user and switch to it at the end of the final stage:", """
                RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-log-init app
                USER 10001:10001
                """),
            ["DL3002"], [BestPractices + "#user"], [Cis("4.1")], "user"),
        ctx =>
        {
            if (ctx.Document.FinalStage is not { } final) return [];
            var lastUser = final.EffectiveInstructions.LastOrDefault(i => i.Keyword == "USER");
            if (lastUser is not null)
            {
                var escape = ctx.Document.EscapeChar;
                var user = DockerfileParser.Words(VariableExpander.Expand(lastUser.Arguments, ctx.VariablesBefore(lastUser), escape), escape).FirstOrDefault() ?? "";
                return IsRootUser(user) ? [DockerfileHit.At(lastUser, $"the final stage runs as {user}")] : [];
            }
            var root = final.Lineage.Last();
            if (root.IsScratch is false && NonRootImageHints.Any(h => root.Image.Contains(h, StringComparison.OrdinalIgnoreCase))) return [];
            return [DockerfileHit.At(final.From, $"the final stage sets no USER, so it runs as the base image's user (root for {root.Image})")];
        });

    private static readonly string[] FatImages =
    [
        "ubuntu", "debian", "centos", "fedora", "rockylinux", "almalinux", "amazonlinux", "oraclelinux", "leap", "tumbleweed",
        "node", "python", "golang", "openjdk", "eclipse-temurin", "amazoncorretto", "maven", "gradle", "ruby", "php", "perl",
        "rust", "gcc", "buildpack-deps", "sdk", "aspnet", "runtime", "ubi", "ubi8", "ubi9", "elixir", "erlang", "haskell", "swift",
    ];

    private static bool IsMinimal(Stage root, ImageReference image)
    {
        if (root.IsScratch) return true;
        var full = (image.Repository + ":" + image.Tag).ToLowerInvariant();
        string[] markers = ["distroless", "slim", "alpine", "minimal", "micro", "chainguard", "wolfi", "busybox", "static", "scratch", "nanoserver", "chiseled", "-noble-chiseled"];
        if (markers.Any(m => full.Contains(m, StringComparison.Ordinal))) return true;
        return !FatImages.Contains(image.Name, StringComparer.Ordinal);
    }

    public static DockerfileCheck NotMinimal { get; } = new(
        Rule("PAL-DF-002", "Base image is not minimal", Severity.Low,
            "The final image is built on a full operating-system or SDK image. Every package it carries (shells, package managers, compilers) is attack surface and a source of vulnerability findings that the application never needed.",
            Snippet("Build in a full image, then copy the result into a minimal runtime image (distroless, scratch, -slim, alpine, ubi-minimal, Chainguard):", """
                FROM golang:1.23 AS build
                RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app
                FROM gcr.io/distroless/static-debian12:nonroot
                COPY --from=build /out/app /app
                """),
            [], [BestPractices + "#choose-the-right-base-image", "https://github.com/GoogleContainerTools/distroless"], [Cis("4.3")], "image"),
        ctx =>
        {
            if (ctx.Document.FinalStage is not { } final) return [];
            var root = final.Lineage.Last();
            if (root.Image.Contains('$', StringComparison.Ordinal)) return [];
            var image = ImageReference.Parse(root.Image);
            return IsMinimal(root, image) ? [] : [DockerfileHit.At(root.From, $"the final image is based on {root.Image}, a full {image.Name} image")];
        });

    public static DockerfileCheck LatestTag { get; } = new(
        Rule("PAL-DF-003", "Base image uses the latest tag", Severity.Medium,
            "FROM ...:latest builds on whatever the tag points to today: builds are not reproducible and an upstream change arrives unreviewed.",
            Snippet("Name a version (better still, a digest):", "FROM node:22.11-bookworm-slim@sha256:<digest>"),
            ["DL3007"], [Reference + "#from"], [Cis("4.2")], "image"),
        ctx => ExternalImages(ctx.Document)
            .Where(x => x.Image.Tag == "latest" && x.Image.Digest is null)
            .Select(x => DockerfileHit.At(x.Stage.From, $"{x.Stage.Image} uses the latest tag")));

    public static DockerfileCheck NoTag { get; } = new(
        Rule("PAL-DF-004", "Base image has no tag", Severity.Medium,
            "FROM without a tag or digest means latest: builds are not reproducible and an upstream change arrives unreviewed.",
            Snippet("Name a version (better still, a digest):", "FROM debian:12.8-slim@sha256:<digest>"),
            ["DL3006"], [Reference + "#from"], [Cis("4.2")], "image"),
        ctx => ExternalImages(ctx.Document)
            .Where(x => x.Image.Tag is null && x.Image.Digest is null)
            .Select(x => DockerfileHit.At(x.Stage.From, $"{x.Stage.Image} has no tag (implies latest)")));

    public static DockerfileCheck NotPinned { get; } = new(
        Rule("PAL-DF-005", "Base image not pinned by digest", Severity.Low,
            "A tag can be moved to another image at any time by whoever can push to the repository; only a digest names exactly the image that was reviewed and scanned.",
            Snippet("Pin the digest next to the tag (Dependabot and Renovate keep it current):", "FROM node:22.11-bookworm-slim@sha256:<digest>"),
            [], [Reference + "#from"], [Cis("4.2"), Cis("4.11")], "image"),
        ctx => ExternalImages(ctx.Document)
            .Where(x => x.Image.Digest is null)
            .Select(x => DockerfileHit.At(x.Stage.From, $"{x.Stage.Image} is not pinned by digest")));

    private static readonly HashSet<string> BuildPackages = new(StringComparer.Ordinal)
    {
        "gcc", "g++", "make", "cmake", "build-essential", "build-base", "clang", "llvm", "autoconf", "automake", "libtool",
        "musl-dev", "libc-dev", "libc6-dev", "linux-headers", "golang", "go", "maven", "gradle", "rustc", "cargo", "gfortran",
        "python3-dev", "python-dev", "openjdk-17-jdk", "openjdk-21-jdk", "default-jdk", "nasm", "yasm", "pkg-config", "pkgconf",
        "gcc-c++", "development tools",
    };

    private static readonly HashSet<string> BuilderImages = new(StringComparer.Ordinal) { "golang", "maven", "gradle", "rust", "gcc", "buildpack-deps", "sdk" };

    public static DockerfileCheck BuildToolsInFinalImage { get; } = new(
        Rule("PAL-DF-006", "Build tools in the final image", Severity.Medium,
            "A single-stage build installs compilers or build tools (or starts from an SDK image), so they ship in the image that runs: more attack surface, more vulnerabilities, bigger images. An attacker in the container gets a toolchain for free.",
            Snippet("Use a multi-stage build: compile in one stage, copy only the artefacts into a minimal final stage:", """
                FROM maven:3.9-eclipse-temurin-21 AS build
                COPY . /src
                RUN mvn -f /src/pom.xml -B package
                FROM eclipse-temurin:21-jre-alpine
                COPY --from=build /src/target/app.jar /app.jar
                """),
            [], [BestPractices + "#use-multi-stage-builds", "https://docs.docker.com/build/building/multi-stage/"], [Cis("4.3")], "image"),
        ctx =>
        {
            if (ctx.Document.Stages.Count != 1) return [];
            var stage = ctx.Document.Stages[0];
            var image = ImageReference.Parse(stage.Image);
            if (BuilderImages.Contains(image.Name)) return [DockerfileHit.At(stage.From, $"the only stage is built on the SDK/build image {stage.Image}")];
            foreach (var run in stage.Instructions.Where(i => i.Effective.Keyword == "RUN"))
                foreach (var cmd in ctx.Commands(run))
                {
                    var tools = PackageInstall.Packages(cmd).Select(p => PackageInstall.NameOf(p)).Where(BuildPackages.Contains).ToList();
                    if (tools.Count > 0) return [DockerfileHit.At(run, $"the only stage installs build tools ({string.Join(", ", tools.Distinct())})")];
                }
            return [];
        });

    public static IReadOnlyList<DockerfileCheck> All { get; } = [RunsAsRoot, NotMinimal, LatestTag, NoTag, NotPinned, BuildToolsInFinalImage];
}
