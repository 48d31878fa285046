using System.Globalization;
using Palisade.Dockerfile.Checks;
using static Palisade.Dockerfile.Tests.TestKit;

namespace Palisade.Dockerfile.Tests;

/// <summary>Every PAL-DF check, with Dockerfiles where it must fire (and how often) and where it must not.</summary>
public sealed class CheckTests
{
    private const string Alpine = "FROM alpine:3.20\n";
    private const string Debian = "FROM debian:12-slim\n";

    /// <summary>(check id, Dockerfile text, expected number of findings of that check).</summary>
    public static TheoryData<string, string, int> Cases { get; } = new()
    {
        // PAL-DF-001 image runs as root (DL3002), also when no USER is set at all
        { "PAL-DF-001", Debian + "USER root\n", 1 },
        { "PAL-DF-001", Debian + "RUN true\n", 1 },
        { "PAL-DF-001", Debian + "USER 0:0\n", 1 },
        { "PAL-DF-001", "FROM debian:12 AS base\nUSER root\nFROM base\nRUN x\n", 1 },
        { "PAL-DF-001", Debian + "ARG NAME=root\nUSER ${NAME}\n", 1 },
        { "PAL-DF-001", "ARG U=root\nFROM debian:12\nARG U\nUSER $U\n", 1 },
        { "PAL-DF-001", Debian + "USER app\n", 0 },
        { "PAL-DF-001", Debian + "USER root\nRUN x\nUSER 10001:10001\n", 0 },
        { "PAL-DF-001", "FROM gcr.io/distroless/static-debian12:nonroot\n", 0 },
        { "PAL-DF-001", "FROM debian:12 AS build\nUSER root\nFROM alpine:3.20\nUSER app\n", 0 },
        { "PAL-DF-001", Debian + "USER app\nONBUILD USER root\n", 0 },
        { "PAL-DF-001", "USER root\n", 0 },

        // PAL-DF-002 final image not minimal
        { "PAL-DF-002", "FROM ubuntu:24.04\n", 1 },
        { "PAL-DF-002", "FROM node:22\n", 1 },
        { "PAL-DF-002", "FROM python:3.12 AS base\nFROM base\n", 1 },
        { "PAL-DF-002", "FROM node:22-alpine\n", 0 },
        { "PAL-DF-002", "FROM gcr.io/distroless/static-debian12\n", 0 },
        { "PAL-DF-002", "FROM golang:1.23 AS build\nFROM scratch\n", 0 },
        { "PAL-DF-002", "FROM registry.example/team/app:1.0\n", 0 },
        { "PAL-DF-002", "ARG IMAGE\nFROM ${IMAGE}\n", 0 },

        // PAL-DF-003 latest tag (DL3007)
        { "PAL-DF-003", "FROM node:latest\n", 1 },
        { "PAL-DF-003", "ARG T=latest\nFROM node:${T}\n", 1 },
        { "PAL-DF-003", "FROM registry.example:5000/team/app:latest\n", 1 },
        { "PAL-DF-003", "FROM node:latest AS base\nFROM base\n", 1 },
        { "PAL-DF-003", "FROM node:22\n", 0 },
        { "PAL-DF-003", "FROM node:latest@sha256:0123456789abcdef\n", 0 },
        { "PAL-DF-003", "FROM scratch\n", 0 },
        { "PAL-DF-003", "ARG T\nFROM node:${T}\n", 0 },

        // PAL-DF-004 no tag (DL3006)
        { "PAL-DF-004", "FROM debian\n", 1 },
        { "PAL-DF-004", "FROM registry.example:5000/app\n", 1 },
        { "PAL-DF-004", "FROM golang:1.23 AS build\nFROM node AS test\nFROM alpine:3.20\n", 1 },
        { "PAL-DF-004", "FROM debian:12\n", 0 },
        { "PAL-DF-004", "FROM debian@sha256:0123456789abcdef\n", 0 },
        { "PAL-DF-004", "FROM scratch\n", 0 },
        { "PAL-DF-004", "FROM debian:12 AS base\nFROM base\n", 0 },
        { "PAL-DF-004", "ARG VERSION\nFROM node:${VERSION}\n", 0 },
        { "PAL-DF-004", "ARG IMAGE\nFROM $IMAGE\n", 0 },

        // PAL-DF-005 not pinned by digest
        { "PAL-DF-005", "FROM node:22\n", 1 },
        { "PAL-DF-005", "FROM node:22 AS a\nFROM alpine:3.20\n", 2 },
        { "PAL-DF-005", "FROM node:22@sha256:0123456789abcdef\n", 0 },
        { "PAL-DF-005", "FROM scratch\n", 0 },
        { "PAL-DF-005", "FROM node:22@sha256:0123456789abcdef AS b\nFROM b\n", 0 },

        // PAL-DF-006 build tools in a single-stage image
        { "PAL-DF-006", "FROM golang:1.23\nRUN go build ./...\n", 1 },
        { "PAL-DF-006", Debian + "RUN apt-get install -y gcc=12.2 make=4.3\n", 1 },
        { "PAL-DF-006", Alpine + "RUN apk add --no-cache build-base=0.5\n", 1 },
        { "PAL-DF-006", "FROM golang:1.23 AS build\nRUN go build\nFROM alpine:3.20\n", 0 },
        { "PAL-DF-006", Debian + "RUN apt-get install -y curl=7.88\n", 0 },

        // PAL-DF-007 secrets in ENV/ARG (DL3064)
        { "PAL-DF-007", Alpine + "ENV DB_PASSWORD=hunter2hunter2\n", 1 },
        { "PAL-DF-007", Alpine + "ARG NPM_TOKEN\n", 1 },
        { "PAL-DF-007", "ARG openai_api_key\nFROM alpine:3.20\n", 1 },
        { "PAL-DF-007", Alpine + "ENV DATABASE_URL=postgres://app:s3cretpw@db/app\n", 1 },
        { "PAL-DF-007", Alpine + "ONBUILD ENV API_TOKEN=abcdef123456\n", 1 },
        { "PAL-DF-007", Alpine + "ENV PASSWORD_FILE=/run/secrets/pw\n", 0 },
        { "PAL-DF-007", Alpine + "ENV APP_VERSION=1.2 PORT=8080\n", 0 },
        { "PAL-DF-007", Alpine + "ARG foobar\n", 0 },

        // PAL-DF-008 ADD where COPY fits (DL3020)
        { "PAL-DF-008", Alpine + "ADD app.py /app/\n", 1 },
        { "PAL-DF-008", Alpine + "ADD --chown=app src /src\n", 1 },
        { "PAL-DF-008", Alpine + "ADD [\"a b.txt\", \"/x/\"]\n", 1 },
        { "PAL-DF-008", Alpine + "ADD \"file.zip\" /x/\n", 1 },
        { "PAL-DF-008", Alpine + "ADD app.tar.gz /app/\n", 0 },
        { "PAL-DF-008", Alpine + "ADD https://example.com/x.bin /x\n", 0 },
        { "PAL-DF-008", Alpine + "ADD git@github.com:org/repo.git /src\n", 0 },
        { "PAL-DF-008", Alpine + "COPY a /b\n", 0 },
        { "PAL-DF-008", Alpine + "ADD <<EOF /x\nhi\nEOF\n", 0 },

        // PAL-DF-009 ADD of a URL without --checksum
        { "PAL-DF-009", Alpine + "ADD https://example.com/tool.tgz /opt/\n", 1 },
        { "PAL-DF-009", Alpine + "ADD --checksum=sha256:abc https://example.com/tool.tgz /opt/\n", 0 },
        { "PAL-DF-009", Alpine + "ADD https://github.com/org/repo.git#v1.0 /src\n", 0 },
        { "PAL-DF-009", Alpine + "ADD local.tgz /opt/\n", 0 },

        // PAL-DF-010 download piped to a shell
        { "PAL-DF-010", Alpine + "RUN curl -fsSL https://x.example/i.sh | sh\n", 1 },
        { "PAL-DF-010", Alpine + "RUN wget -qO- https://x.example/i.sh | sudo bash -s -- --yes\n", 1 },
        { "PAL-DF-010", Alpine + "RUN bash -c \"$(curl -fsSL https://x.example/i.sh)\"\n", 1 },
        { "PAL-DF-010", Alpine + "RUN sh -c 'curl https://x.example/i.sh | sh'\n", 1 },
        { "PAL-DF-010", Alpine + "RUN curl -fsSL https://x.example/i.sh \\\n  | bash\n", 1 },
        { "PAL-DF-010", Alpine + "RUN <<EOF\ncurl -fsSL https://x.example/i.sh |\n  sh\nEOF\n", 1 },
        { "PAL-DF-010", Alpine + "RUN curl -fsSLo /tmp/i.sh https://x.example/i.sh && sh /tmp/i.sh\n", 0 },
        { "PAL-DF-010", Alpine + "RUN curl -fsSL https://x.example/a.tgz | tar xz\n", 0 },

        // PAL-DF-011 apt-get install without --no-install-recommends (DL3015)
        { "PAL-DF-011", Debian + "RUN apt-get install -y curl\n", 1 },
        { "PAL-DF-011", Debian + "RUN sudo apt-get install -y curl\n", 1 },
        { "PAL-DF-011", Debian + "RUN apt-get -o Dpkg::Options::=--force-confold -y install curl\n", 1 },
        { "PAL-DF-011", Debian + "RUN apt-get install -y --no-install-recommends curl\n", 0 },
        { "PAL-DF-011", Debian + "RUN apt-get -o APT::Install-Recommends=false install python\n", 0 },
        { "PAL-DF-011", Debian + "RUN apt-get update\n", 0 },

        // PAL-DF-012 apt lists kept (DL3009)
        { "PAL-DF-012", Debian + "RUN apt-get update && apt-get install -y curl\n", 1 },
        { "PAL-DF-012", "FROM debian:12 AS base\nRUN apt-get update && apt-get install -y curl\nFROM base\n", 1 },
        { "PAL-DF-012", Debian + "RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n", 0 },
        { "PAL-DF-012", "FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc\nFROM scratch\nCOPY --from=build /x /x\n", 0 },
        { "PAL-DF-012", Debian + "RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y curl\n", 0 },
        { "PAL-DF-012", Debian + "RUN apt-get update\n", 1 },
        { "PAL-DF-012", Debian + "RUN apt-get update\nRUN apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n", 1 },
        { "PAL-DF-012", Debian + "RUN apt-get install -y ./local.deb\n", 0 },

        // PAL-DF-013 distribution upgrade
        { "PAL-DF-013", Debian + "RUN apt-get update && apt-get upgrade -y\n", 1 },
        { "PAL-DF-013", Debian + "RUN apt-get dist-upgrade\n", 1 },
        { "PAL-DF-013", Alpine + "RUN apk upgrade\n", 1 },
        { "PAL-DF-013", "FROM fedora:40\nRUN dnf upgrade -y\n", 1 },
        { "PAL-DF-013", "FROM centos:7\nRUN yum update -y\n", 1 },
        { "PAL-DF-013", Debian + "RUN apt-get update\n", 0 },
        { "PAL-DF-013", "FROM centos:7\nRUN yum update -y openssl\n", 0 },

        // PAL-DF-014 apk add without --no-cache (DL3019)
        { "PAL-DF-014", Alpine + "RUN apk add curl\n", 1 },
        { "PAL-DF-014", Alpine + "RUN apk update && apk add curl && apk add git\n", 1 },
        { "PAL-DF-014", Alpine + "RUN apk add --no-cache curl\n", 0 },
        { "PAL-DF-014", Alpine + "RUN apk add --update curl && rm -rf /var/cache/apk/*\n", 0 },
        { "PAL-DF-014", Alpine + "RUN --mount=type=cache,target=/var/cache/apk apk add curl\n", 0 },
        { "PAL-DF-014", Alpine + "RUN apk del curl\n", 0 },

        // PAL-DF-015 pip install without --no-cache-dir (DL3042)
        { "PAL-DF-015", Alpine + "RUN pip install requests\n", 1 },
        { "PAL-DF-015", Alpine + "RUN python3 -m pip install requests\n", 1 },
        { "PAL-DF-015", Alpine + "RUN pip install x && export PIP_NO_CACHE_DIR=1\n", 1 },
        { "PAL-DF-015", "FROM python:3.12 AS base\nARG PIP_NO_CACHE_DIR=1\nFROM base\nRUN pip install x\n", 1 },
        { "PAL-DF-015", Alpine + "ENV PIP_NO_CACHE_DIR=maybe\nRUN pip install x\n", 1 },
        { "PAL-DF-015", Alpine + "RUN pip install --no-cache-dir requests\n", 0 },
        { "PAL-DF-015", Alpine + "ENV PIP_NO_CACHE_DIR=1\nRUN pip install x\n", 0 },
        { "PAL-DF-015", Alpine + "ENV PIP_NO_CACHE_DIR=false\nRUN pip install x\n", 0 },
        { "PAL-DF-015", "FROM python:3.12 AS base\nENV PIP_NO_CACHE_DIR=1\nFROM base\nRUN pip install x\n", 0 },
        { "PAL-DF-015", Alpine + "ARG PIP_NO_CACHE_DIR=on\nRUN pip install x\n", 0 },
        { "PAL-DF-015", Alpine + "RUN --mount=type=cache,target=/root/.cache/pip pip install x\n", 0 },
        { "PAL-DF-015", Alpine + "RUN export PIP_NO_CACHE_DIR=1 && pip install x\n", 0 },
        { "PAL-DF-015", Alpine + "RUN env PIP_NO_CACHE_DIR=yes pip install x\n", 0 },
        { "PAL-DF-015", Alpine + "RUN pipx install black\n", 0 },

        // PAL-DF-016 sudo (DL3004)
        { "PAL-DF-016", Alpine + "RUN sudo make install\n", 1 },
        { "PAL-DF-016", Alpine + "ONBUILD RUN apt-get update && sudo apt-get install\n", 1 },
        { "PAL-DF-016", Alpine + "RUN make install\n", 0 },
        { "PAL-DF-016", Alpine + "RUN echo sudo\n", 0 },

        // PAL-DF-017 SSH port exposed
        { "PAL-DF-017", Alpine + "EXPOSE 22\n", 1 },
        { "PAL-DF-017", Alpine + "EXPOSE 2222:22\n", 1 },
        { "PAL-DF-017", Alpine + "EXPOSE 22:8080\n", 0 },
        { "PAL-DF-017", Alpine + "EXPOSE 8080 22/tcp\n", 1 },
        { "PAL-DF-017", Alpine + "ARG PORT=22\nEXPOSE ${PORT}\n", 1 },
        { "PAL-DF-017", Alpine + "ENV SSH=22\nEXPOSE $SSH/tcp\n", 1 },
        { "PAL-DF-017", Alpine + "EXPOSE 20-30\n", 1 },
        { "PAL-DF-017", Alpine + "EXPOSE 2222\n", 0 },
        { "PAL-DF-017", Alpine + "EXPOSE 8022/udp 80 443\n", 0 },
        { "PAL-DF-017", Alpine + "EXPOSE 23-80\n", 0 },

        // PAL-DF-018 world-writable permissions
        { "PAL-DF-018", Alpine + "RUN chmod 777 /app\n", 1 },
        { "PAL-DF-018", Alpine + "RUN chmod -R 0666 /data\n", 1 },
        { "PAL-DF-018", Alpine + "RUN chmod o+w /x\n", 1 },
        { "PAL-DF-018", Alpine + "RUN chmod u+x,a=rwx /x\n", 1 },
        { "PAL-DF-018", Alpine + "RUN chmod 2777 /x\n", 1 },
        { "PAL-DF-018", Alpine + "COPY --chmod=777 a /b\n", 1 },
        { "PAL-DF-018", Alpine + "RUN chmod 755 /app\n", 0 },
        { "PAL-DF-018", Alpine + "RUN chmod 1777 /tmp\n", 0 },
        { "PAL-DF-018", Alpine + "RUN chmod u+w /x\n", 0 },
        { "PAL-DF-018", Alpine + "RUN chmod o-w /x\n", 0 },
        { "PAL-DF-018", Alpine + "RUN chmod +x /opt/777\n", 0 },
        { "PAL-DF-018", Alpine + "COPY --chmod=0644 a /b\n", 0 },

        // PAL-DF-019 relative WORKDIR (DL3000)
        { "PAL-DF-019", Alpine + "WORKDIR app\n", 1 },
        { "PAL-DF-019", Alpine + "WORKDIR ./app\n", 1 },
        { "PAL-DF-019", Alpine + "WORKDIR /app\n", 0 },
        { "PAL-DF-019", Alpine + "WORKDIR $HOME/app\n", 0 },
        { "PAL-DF-019", Alpine + "WORKDIR C:\\app\n", 0 },
        { "PAL-DF-019", Alpine + "WORKDIR \"/usr/local\"\n", 0 },

        // PAL-DF-020 several CMD in a stage (DL4003)
        { "PAL-DF-020", Alpine + "CMD a\nCMD b\n", 1 },
        { "PAL-DF-020", Alpine + "CMD a\nCMD b\nCMD c\n", 2 },
        { "PAL-DF-020", Alpine + "CMD a\nFROM debian:12\nCMD b\n", 0 },

        // PAL-DF-021 several ENTRYPOINT in a stage (DL4004)
        { "PAL-DF-021", Alpine + "ENTRYPOINT [\"a\"]\nRUN x\nENTRYPOINT [\"b\"]\n", 1 },
        { "PAL-DF-021", Alpine + "ENTRYPOINT [\"a\"]\nFROM debian:12\nENTRYPOINT [\"b\"]\n", 0 },

        // PAL-DF-022 shell-form CMD/ENTRYPOINT (DL3025)
        { "PAL-DF-022", Alpine + "CMD node server.js\n", 1 },
        { "PAL-DF-022", Alpine + "ENTRYPOINT /app --port 80\n", 1 },
        { "PAL-DF-022", Alpine + "ONBUILD CMD run\n", 1 },
        { "PAL-DF-022", Alpine + "CMD [\"node\", \"server.js\"]\n", 0 },
        { "PAL-DF-022", Alpine + "HEALTHCHECK CMD curl -f http://localhost/\n", 0 },

        // PAL-DF-023 no HEALTHCHECK in the final stage (DL3057)
        { "PAL-DF-023", Alpine, 1 },
        { "PAL-DF-023", Alpine + "HEALTHCHECK CMD /x\nFROM debian:12\n", 1 },
        { "PAL-DF-023", Alpine + "HEALTHCHECK NONE\n", 0 },
        { "PAL-DF-023", "FROM alpine:3.20 AS base\nHEALTHCHECK CMD /x\nFROM base\n", 0 },

        // PAL-DF-030 cd in RUN (DL3003)
        { "PAL-DF-030", Alpine + "RUN cd /src && make\n", 1 },
        { "PAL-DF-030", Alpine + "WORKDIR /src\nRUN make\n", 0 },

        // PAL-DF-025 apt-get install without versions (DL3008)
        { "PAL-DF-025", Debian + "RUN apt-get install -y curl\n", 1 },
        { "PAL-DF-025", Debian + "RUN apt-get install -y curl=7.88.1 git\n", 1 },
        { "PAL-DF-025", Debian + "RUN apt-get install -y curl=7.88.1\n", 0 },
        { "PAL-DF-025", Debian + "RUN apt-get install -y ./pkg_1.0_amd64.deb\n", 0 },
        { "PAL-DF-025", Debian + "RUN apt-get install -y -t bookworm-backports curl=8.0\n", 0 },

        // PAL-DF-026 apk add without versions (DL3018)
        { "PAL-DF-026", Alpine + "RUN apk add --no-cache curl\n", 1 },
        { "PAL-DF-026", Alpine + "RUN apk add --no-cache curl=8.0-r0\n", 0 },
        { "PAL-DF-026", Alpine + "RUN apk add --no-cache 'libffi~3.2' \"flex>=2.6\"\n", 0 },
        { "PAL-DF-026", Alpine + "RUN apk add --virtual .deps gcc=13.2-r0\n", 0 },

        // PAL-DF-027 pip install without versions (DL3013)
        { "PAL-DF-027", Alpine + "RUN pip install requests\n", 1 },
        { "PAL-DF-027", Alpine + "RUN pipx install black\n", 1 },
        { "PAL-DF-027", Alpine + "RUN pip install requests==2.32.3\n", 0 },
        { "PAL-DF-027", Alpine + "RUN pip install -r requirements.txt\n", 0 },
        { "PAL-DF-027", Alpine + "RUN pip install git+https://github.com/org/repo.git@v1.0#egg=repo\n", 0 },

        // PAL-DF-028 npm install without versions (DL3016)
        { "PAL-DF-028", Alpine + "RUN npm install -g pnpm\n", 1 },
        { "PAL-DF-028", Alpine + "RUN npm install @scope/pkg\n", 1 },
        { "PAL-DF-028", Alpine + "RUN npm install -g pnpm@9.12.3\n", 0 },
        { "PAL-DF-028", Alpine + "RUN npm ci\n", 0 },
        { "PAL-DF-028", Alpine + "RUN npm install\n", 0 },

        // PAL-DF-029 gem install without versions (DL3028)
        { "PAL-DF-029", Alpine + "RUN gem install bundler\n", 1 },
        { "PAL-DF-029", Alpine + "RUN gem i rake\n", 1 },
        { "PAL-DF-029", Alpine + "RUN gem install bundler:2.5.22\n", 0 },
        { "PAL-DF-029", Alpine + "RUN gem install rake -v 13.0\n", 0 },

        // PAL-DF-031 MAINTAINER (DL4000)
        { "PAL-DF-031", Alpine + "MAINTAINER team@example.com\n", 1 },
        { "PAL-DF-031", Alpine + "LABEL org.opencontainers.image.authors=team@example.com\n", 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Check_fires_as_expected(string id, string dockerfile, int expected)
    {
        var findings = Run(id, dockerfile, hasDockerignore: id == "PAL-DF-024" ? false : null);
        Assert.True(findings.Count == expected,
            $"{id}: expected {expected} finding(s), got {findings.Count}: {string.Join("; ", findings.Select(f => $"{f.Location?.StartLine}: {f.Message}"))}");
    }

    [Fact]
    public void Every_check_has_cases_where_it_fires_and_where_it_does_not()
    {
        var rows = Cases.Select(r => ((string)r[0], (int)r[2])).ToList();
        var missing = DockerfileChecks.All.Select(c => c.Id).Where(id => id != "PAL-DF-024")
            .Where(id => !rows.Any(r => r.Item1 == id && r.Item2 > 0) || !rows.Any(r => r.Item1 == id && r.Item2 == 0)).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Copy_everything_needs_a_missing_dockerignore()
    {
        const string text = "FROM alpine:3.20\nCOPY . /app\n";
        Assert.Single(Run("PAL-DF-024", text, hasDockerignore: false));
        Assert.Empty(Run("PAL-DF-024", text, hasDockerignore: true));
        Assert.Empty(Run("PAL-DF-024", text, hasDockerignore: null));
        Assert.Single(Run("PAL-DF-024", "FROM alpine:3.20\nADD ./* /app/\n", hasDockerignore: false));
        Assert.Empty(Run("PAL-DF-024", "FROM alpine:3.20\nCOPY --from=build . /app\n", hasDockerignore: false));
        Assert.Empty(Run("PAL-DF-024", "FROM alpine:3.20\nCOPY src /app\n", hasDockerignore: false));
        Assert.Empty(Run("PAL-DF-024", "FROM alpine:3.20 AS b\nCOPY . /x\nFROM alpine:3.20\nCOPY --from=b /x /x\n", hasDockerignore: false));
    }

    [Fact]
    public void Ids_run_from_001_to_031_and_aliases_are_unique()
    {
        Assert.Equal(Enumerable.Range(1, 31).Select(n => "PAL-DF-" + n.ToString("000", CultureInfo.InvariantCulture)), DockerfileChecks.All.Select(c => c.Id));
        var aliases = DockerfileChecks.All.SelectMany(c => c.Metadata.Aliases).ToList();
        Assert.Equal(aliases.Count, aliases.Distinct(StringComparer.Ordinal).Count());
        Assert.All(aliases, a => Assert.Matches("^DL[0-9]{4}$", a));
        Assert.All(DockerfileChecks.All, c => Assert.Equal("dockerfile", c.Metadata.TargetType));
        Assert.All(DockerfileChecks.All, c => Assert.All(c.Metadata.Aliases, a => Assert.Contains(c.Metadata.References, r => r.EndsWith("/" + a, StringComparison.Ordinal))));
    }

    [Fact]
    public void A_finding_spans_the_whole_instruction_it_is_about()
    {
        var f = Assert.Single(Run("PAL-DF-025", "FROM debian:12\nRUN apt-get update \\\n && apt-get install -y \\\n    curl\nUSER app\n"));
        Assert.Equal(("Dockerfile", 2, 4), (f.Location!.Path, f.Location.StartLine, f.Location.EndLine));
        var h = Assert.Single(Run("PAL-DF-014", "FROM alpine:3.20\nRUN <<EOF\napk add curl\nEOF\n"));
        Assert.Equal((2, 4), (h.Location!.StartLine, h.Location.EndLine));
    }

    [Fact]
    public void Findings_carry_the_rule_metadata()
    {
        var f = Assert.Single(Run("PAL-DF-003", "FROM node:latest\n"));
        var rule = Check("PAL-DF-003").Metadata;
        Assert.Equal((rule.Title, rule.Severity), (f.Title, f.Severity));
        Assert.Equal("node:latest uses the latest tag", f.Message);
    }
}
