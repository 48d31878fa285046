#!/usr/bin/env python3
"""Writes the Dockerfile corpus of the issue-3 peer benchmark (Palisade versus dockerfilelint).

    gen_corpus.py CASES_JSONL OUT_DIR [--generated N] [--seed S] [--only-generated]

OUT_DIR is emptied, then gets three parts, each file in its own directory (its own build context):

  hadolint/<rule>-<nnn>/Dockerfile       every `dockerfile` text of hadolint's cases.jsonl, byte for byte (nnn = row
                                         number in the file, so one directory per row, duplicates included)
  hadolint-from/<rule>-<nnn>/Dockerfile  the same texts for the rows that have no FROM line, with
                                         "FROM debian:12.5-slim" put first: most hadolint snippets are fragments
                                         (RUN ... alone) that hadolint lints as they are, but that BuildKit, and so
                                         Palisade, rejects ("RUN before the first FROM"); with a FROM both tools lint
                                         the instructions themselves
  generated/<stack>-<nnn>/<name>         N realistic Dockerfiles (default 400) from the generator below, seeded
                                         (default 20240603): node, python, go multi-stage, java/maven, ruby, php,
                                         nginx, plain alpine/debian/ubuntu/fedora bases and distroless final stages,
                                         with apt/apk/pip/npm/gem installs with and without pinning and cache
                                         cleanup, curl|sh, sudo, ADD of URLs and archives, secrets in ENV/ARG, USER
                                         present/absent/root, HEALTHCHECK present/absent, EXPOSE 22, chmod 777,
                                         shell/exec CMD, several CMDs, MAINTAINER, relative WORKDIR, cd in RUN and a
                                         .dockerignore present or absent beside it. <name> is mostly Dockerfile,
                                         sometimes Containerfile, Dockerfile.prod or app.Dockerfile.

The output is the same bytes for the same arguments (Python's random.Random is stable across versions for
randrange/choice/random with an int seed). Prints a one-line summary.
"""
import argparse
import json
import os
import random
import shutil

# ------------------------------------------------------------------------------------------------ packages
APT_PKGS = {
    "curl": "7.88.1-10+deb12u5", "ca-certificates": "20230311", "git": "1:2.39.2-1.1", "gcc": "4:12.2.0-3",
    "make": "4.3-4.1", "libpq-dev": "15.6-0+deb12u1", "openssh-server": "1:9.2p1-2+deb12u2", "unzip": "6.0-28",
    "wget": "1.21.3-1+b2", "gnupg": "2.2.40-1.1", "build-essential": "12.9", "python3": "3.11.2-1+b1",
    "tini": "0.19.0-1", "jq": "1.6-2.1", "libxml2-dev": "2.9.14+dfsg-1.3~deb12u1", "netcat-openbsd": "1.219-1",
}
APK_PKGS = {
    "curl": "8.5.0-r0", "ca-certificates": "20240226-r0", "git": "2.43.0-r0", "bash": "5.2.21-r0",
    "build-base": "0.5-r3", "tzdata": "2024a-r0", "libc6-compat": "1.1.0-r4", "openssl": "3.1.4-r5",
    "postgresql-dev": "16.2-r0", "tini": "0.19.0-r2", "su-exec": "0.2-r3", "jq": "1.7.1-r0",
}
PIP_PKGS = {"flask": "3.0.2", "gunicorn": "21.2.0", "requests": "2.31.0", "django": "5.0.3", "psycopg2-binary": "2.9.9",
            "uvicorn": "0.29.0", "fastapi": "0.110.0", "celery": "5.3.6", "boto3": "1.34.69"}
NPM_GLOBAL = {"pm2": "5.3.1", "typescript": "5.4.3", "yarn": "1.22.22", "pnpm": "8.15.5", "serve": "14.2.1",
              "nodemon": "3.1.0"}
GEMS = {"bundler": "2.5.7", "rails": "7.1.3.2", "puma": "6.4.2", "foreman": "0.88.1", "rake": "13.1.0"}

SECRETS = [
    ("ENV", "DB_PASSWORD", "s3cr3t-Pa55"), ("ENV", "API_KEY", "sk_live_51HcQ2kLm0nP4rS7tUvWxYz"),
    ("ENV", "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), ("ARG", "GITHUB_TOKEN", ""),
    ("ENV", "JWT_SECRET", "change-me-in-prod"), ("ARG", "NPM_TOKEN", ""), ("ENV", "MYSQL_ROOT_PASSWORD", "root"),
]
PLAIN_ENV = [("NODE_ENV", "production"), ("PYTHONUNBUFFERED", "1"), ("TZ", "UTC"), ("APP_HOME", "/app"),
             ("PORT", "8080"), ("LANG", "C.UTF-8"), ("PATH", "/app/bin:$PATH")]


class Gen:
    def __init__(self, rng: random.Random):
        self.r = rng

    def chance(self, p):
        return self.r.random() < p

    def pick(self, xs):
        return self.r.choice(xs)

    def sample(self, pool, lo, hi):
        keys = sorted(pool)
        return self.r.sample(keys, self.r.randint(lo, min(hi, len(keys))))

    # ---------------------------------------------------------------------------------- package installs
    def apt(self, pkgs=None, for_final=True):
        """One RUN that installs Debian packages, in one of the styles seen in the wild."""
        pkgs = pkgs or self.sample(APT_PKGS, 1, 4)
        pinned = self.chance(0.3)
        names = [f"{p}={APT_PKGS[p]}" if pinned else p for p in pkgs]
        flags = []
        if self.chance(0.85):
            flags.append(self.pick(["-y", "-y", "-yq", "--yes", "-qq -y"]))
        if self.chance(0.5):
            flags.append("--no-install-recommends")
        install = "apt-get install " + " ".join(flags + names)
        style = self.r.random()
        if style < 0.45:   # the recommended one-RUN pattern
            cleanup = self.pick(["rm -rf /var/lib/apt/lists/*", "rm -rf /var/lib/apt/lists/*",
                                 "apt-get clean && rm -rf /var/lib/apt/lists/*", "apt-get clean"]) if self.chance(0.7) else None
            parts = ["apt-get update", install] + ([cleanup] if cleanup else [])
            return ["RUN " + " \\\n    && ".join(parts)]
        if style < 0.60:   # update and install in separate RUNs (cache trap), the lists removed by the second or not
            return ["RUN apt-get update", "RUN " + install + (" && rm -rf /var/lib/apt/lists/*" if self.chance(0.5) else "")]
        if style < 0.72:   # with an upgrade
            up = self.pick(["apt-get upgrade -y", "apt-get -y dist-upgrade", "apt-get upgrade"])
            return [f"RUN apt-get update && {up} && {install} && rm -rf /var/lib/apt/lists/*"]
        if style < 0.82:   # semicolons, set -eux
            return ["RUN set -eux; \\\n    apt-get update; \\\n    " + install + "; \\\n    rm -rf /var/lib/apt/lists/*"]
        if style < 0.90:   # apt instead of apt-get
            return [f"RUN apt update && apt install -y {' '.join(names)}"]
        # DEBIAN_FRONTEND prefix and a cache mount
        if self.chance(0.5):
            return ["RUN --mount=type=cache,target=/var/cache/apt --mount=type=cache,target=/var/lib/apt \\\n"
                    f"    apt-get update && DEBIAN_FRONTEND=noninteractive {install}"]
        return [f"RUN apt-get update && DEBIAN_FRONTEND=noninteractive {install} && rm -rf /var/lib/apt/lists/*"]

    def apk(self, pkgs=None):
        pkgs = pkgs or self.sample(APK_PKGS, 1, 4)
        pinned = self.chance(0.3)
        names = [f"{p}={APK_PKGS[p]}" if pinned else p for p in pkgs]
        style = self.r.random()
        if style < 0.45:
            return [f"RUN apk add --no-cache {' '.join(names)}"]
        if style < 0.60:
            return [f"RUN apk add --update {' '.join(names)} && rm -rf /var/cache/apk/*"]
        if style < 0.75:
            return [f"RUN apk update && apk add {' '.join(names)}"]
        if style < 0.88:   # build deps in a virtual package, removed afterwards
            return ["RUN apk add --no-cache --virtual .build-deps build-base postgresql-dev \\\n"
                    f"    && apk add --no-cache {' '.join(names)} \\\n    && make install \\\n    && apk del .build-deps"]
        if style < 0.94:
            return [f"RUN apk add --no-cache --update {' '.join(names)} && apk upgrade"]
        return [f"RUN apk add build-base {' '.join(names)} && make && apk del build-base"]

    def pip(self, cmd="pip"):
        pkgs = self.sample(PIP_PKGS, 1, 3)
        pinned = self.chance(0.4)
        names = [f"{p}=={PIP_PKGS[p]}" if pinned else p for p in pkgs]
        nocache = "--no-cache-dir " if self.chance(0.5) else ""
        style = self.r.random()
        if style < 0.45:
            return ["COPY requirements.txt .", f"RUN {cmd} install {nocache}-r requirements.txt"]
        if style < 0.75:
            return [f"RUN {cmd} install {nocache}{' '.join(names)}"]
        if style < 0.88:
            return [f"RUN {cmd} install {nocache}--upgrade pip && {cmd} install {nocache}{' '.join(names)}"]
        return [f"RUN python -m pip install {nocache}{' '.join(names)}"]

    def npm_global(self):
        pkgs = self.sample(NPM_GLOBAL, 1, 2)
        pinned = self.chance(0.4)
        return [f"RUN npm install -g {' '.join(f'{p}@{NPM_GLOBAL[p]}' if pinned else p for p in pkgs)}"]

    def gem(self):
        pkgs = self.sample(GEMS, 1, 2)
        style = self.r.random()
        if style < 0.35:
            return [f"RUN gem install {' '.join(pkgs)}"]
        if style < 0.7:
            return [f"RUN gem install {pkgs[0]} -v {GEMS[pkgs[0]]}"]
        return [f"RUN gem install {' '.join(f'{p}:{GEMS[p]}' for p in pkgs)}"]

    # ---------------------------------------------------------------------------------- common extras
    def risky(self, debian_like=True):
        """Optional risky or sloppy lines placed in the middle of a build."""
        out = []
        if self.chance(0.12):
            out.append(self.pick([
                "RUN curl -fsSL https://get.example-tool.io/install.sh | sh",
                "RUN curl -sSL https://install.python-poetry.org | python3 -",
                "RUN wget -qO- https://raw.githubusercontent.com/nvm-sh/nvm/v0.39.7/install.sh | bash",
                "RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash -",
            ]))
        if self.chance(0.08):
            out.append(self.pick(["RUN sudo chown -R app:app /app", "RUN sudo apt-get install -y vim",
                                  "RUN echo 'app ALL=(ALL) NOPASSWD:ALL' >> /etc/sudoers && sudo -u app true"]))
        if self.chance(0.12):
            out.append(self.pick([
                "ADD https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini",
                "ADD https://releases.example.com/agent/agent-2.3.1.tar.gz /opt/",
                "ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini",
            ]))
        if self.chance(0.15):
            out.append(self.pick(["ADD config.yaml /etc/app/config.yaml", "ADD rootfs.tar.gz /", "ADD . /app",
                                  "ADD scripts/ /usr/local/bin/", "ADD *.conf /etc/app/"]))
        if self.chance(0.1):
            out.append(self.pick(["RUN chmod 777 /app", "RUN chmod -R 777 /var/www/html", "RUN chmod 0777 /tmp/cache",
                                  "COPY --chmod=777 entrypoint.sh /entrypoint.sh", "RUN chmod 755 /usr/local/bin/entrypoint.sh"]))
        if self.chance(0.12):
            out.append(self.pick(["RUN cd /tmp && tar xzf agent.tar.gz && cd agent && ./install.sh",
                                  "RUN cd /app && make build", "RUN mkdir -p /build && cd /build && cmake .. && make"]))
        if self.chance(0.1):
            kind, name, value = self.pick(SECRETS)
            out.append(f"{kind} {name}" + (f"={value}" if value else ""))
        if self.chance(0.05):
            out.append(self.pick(["run echo lowercase instruction", "copy . /src"]))
        return out

    def env(self):
        if not self.chance(0.5):
            return []
        pairs = self.r.sample(PLAIN_ENV, self.r.randint(1, 3))
        if self.chance(0.7):
            return ["ENV " + " ".join(f"{k}={v}" for k, v in pairs)]
        return [f"ENV {k} {v}" for k, v in pairs]

    def header(self):
        out = []
        if self.chance(0.1):
            out.append("# syntax=docker/dockerfile:1")
        return out

    def after_from(self):
        """MAINTAINER (deprecated) and LABEL lines, right after a FROM."""
        out = []
        if self.chance(0.1):
            out.append("MAINTAINER " + self.pick(["Jane Doe <jane@example.com>", "ops@example.com", "John Smith"]))
        if not self.chance(0.3):
            return out
        return out + [self.pick(['LABEL maintainer="team@example.com"',
                           'LABEL org.opencontainers.image.source="https://github.com/example/app" version="1.4.2"',
                           'LABEL description "legacy label format"'])]

    def workdir(self, path="/app"):
        if self.chance(0.08):
            return ["WORKDIR " + self.pick(["app", "src/app", "build"])]
        return [f"WORKDIR {path}"]

    def expose(self, port):
        out = [f"EXPOSE {port}"]
        if self.chance(0.07):
            out = [f"EXPOSE {port} 22"]
        if self.chance(0.03):
            out = [f"EXPOSE 8080:{port}"]
        return out

    def user(self, name):
        x = self.r.random()
        if x < 0.45:
            return [f"USER {name}"]
        if x < 0.55:
            return ["USER root"]
        if x < 0.62:
            return ["USER 10001:10001"]
        return []

    def healthcheck(self, url):
        x = self.r.random()
        if x < 0.2:
            return [f"HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD curl -f {url} || exit 1"]
        if x < 0.32:
            return [f"HEALTHCHECK CMD wget -qO- {url} || exit 1"]
        if x < 0.35:
            return ["HEALTHCHECK NONE"]
        return []

    def run_cmd(self, exec_form, shell_form):
        out = []
        if self.chance(0.06):   # a leftover CMD from an earlier draft
            out.append("CMD " + self.pick(['["bash"]', "sh"]))
        if self.chance(0.25):
            out.append("ENTRYPOINT " + self.pick(['["/tini", "--"]', '["docker-entrypoint.sh"]', "/entrypoint.sh"]))
            if self.chance(0.08):
                out.append('ENTRYPOINT ["/entrypoint.sh"]')
        out.append("CMD " + (shell_form if self.chance(0.3) else exec_form))
        return out

    # ---------------------------------------------------------------------------------- stacks
    def node(self):
        base = self.pick(["node:20-bookworm-slim", "node:20-alpine", "node:18", "node:lts", "node:latest", "node",
                          "node:20.11.1-alpine3.19@sha256:c0a3badbd8a0a760de903e00cedbca94588e609299820557e72cba2a53dbaa2c"])
        alpine = "alpine" in base
        lines = self.header() + [f"FROM {base}"] + self.after_from() + self.env()
        if self.chance(0.5):
            lines += self.apk() if alpine else self.apt()
        if self.chance(0.35):
            lines += self.npm_global()
        lines += self.workdir("/usr/src/app")
        lines += ["COPY package*.json ./"]
        lines += [self.pick(["RUN npm ci --omit=dev", "RUN npm install", "RUN npm install --production",
                             "RUN npm ci && npm cache clean --force", "RUN yarn install --frozen-lockfile"])]
        if self.chance(0.15):
            lines.append(self.pick(["RUN npm install express", "RUN npm install --save lodash@4.17.21"]))
        lines += ["COPY . ."] if self.chance(0.7) else ["COPY src ./src", "COPY public ./public"]
        lines += self.risky()
        lines += self.user("node") + self.expose(self.pick([3000, 8080])) + self.healthcheck("http://localhost:3000/health")
        lines += self.run_cmd('["node", "server.js"]', "npm start")
        return lines

    def python(self):
        base = self.pick(["python:3.12-slim", "python:3.11", "python:3.12-alpine", "python:3.10-slim-bookworm",
                          "python", "python:latest", "python:3.12-slim@sha256:5dc6f84b5e97bfb0c90abfb7c55f3cacc2cb6687c8f920b64a833a2219875997"])
        alpine = "alpine" in base
        lines = self.header() + [f"FROM {base}"] + self.after_from() + self.env()
        if self.chance(0.6):
            lines += self.apk() if alpine else self.apt()
        lines += self.workdir("/app")
        lines += self.pip()
        lines += ["COPY . ."] if self.chance(0.75) else ["COPY app/ ./app/"]
        lines += self.risky()
        if self.chance(0.4):
            lines.append("RUN useradd --create-home --uid 10001 appuser" if not alpine else "RUN adduser -D -u 10001 appuser")
            lines += self.user("appuser")
        elif self.chance(0.2):
            lines += ["USER nobody"]
        lines += self.expose(self.pick([8000, 5000, 8080])) + self.healthcheck("http://localhost:8000/healthz")
        lines += self.run_cmd('["gunicorn", "-b", "0.0.0.0:8000", "app:app"]', "python app.py")
        return lines

    def go(self):
        builder = self.pick(["golang:1.22", "golang:1.22-alpine", "golang:1.21-bookworm", "golang:latest", "golang"])
        final = self.pick(["gcr.io/distroless/static-debian12:nonroot", "gcr.io/distroless/static-debian12",
                           "gcr.io/distroless/base-debian12:latest", "alpine:3.19", "scratch", "debian:bookworm-slim",
                           "cgr.dev/chainguard/static:latest"])
        lines = self.header() + [f"FROM {builder} AS build"]
        if "alpine" in builder and self.chance(0.6):
            lines += self.apk(["git", "build-base"])
        elif self.chance(0.3):
            lines += self.apt(["git", "make"])
        lines += self.workdir("/src")
        lines += ["COPY go.mod go.sum ./", "RUN go mod download", "COPY . .",
                  "RUN CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o /out/app ./cmd/app"]
        if self.chance(0.2):
            lines.append("RUN cd cmd/migrate && go build -o /out/migrate .")
        lines += ["", f"FROM {final}"] + self.after_from()
        if final.startswith("alpine") and self.chance(0.7):
            lines += self.apk(["ca-certificates", "tzdata"])
        if final.startswith("debian") and self.chance(0.5):
            lines += self.apt(["ca-certificates"])
        lines += ["COPY --from=build /out/app /app"]
        lines += self.risky() if not final == "scratch" and "distroless" not in final else []
        if self.chance(0.5):
            lines += self.user(self.pick(["nonroot", "65532:65532", "app"]))
        lines += self.expose(8080)
        lines += ['ENTRYPOINT ["/app"]'] if self.chance(0.8) else ["ENTRYPOINT /app"]
        return lines

    def java(self):
        lines = self.header()
        runtime = ""
        if self.chance(0.6):
            builder = self.pick(["maven:3.9-eclipse-temurin-21", "maven:3.9.6-eclipse-temurin-17", "maven:latest", "gradle:8.6-jdk21"])
            runtime = self.pick(["eclipse-temurin:21-jre", "eclipse-temurin:17-jre-alpine", "openjdk:17-jdk-slim",
                                 "gcr.io/distroless/java21-debian12:nonroot", "amazoncorretto:21"])
            lines += [f"FROM {builder} AS build"] + self.workdir("/build")
            if "maven" in builder:
                lines += ["COPY pom.xml .", "RUN mvn -B dependency:go-offline", "COPY src ./src", "RUN mvn -B package -DskipTests"]
                jar = "/build/target/app.jar"
            else:
                lines += ["COPY . .", "RUN gradle bootJar --no-daemon"]
                jar = "/build/build/libs/app.jar"
            lines += ["", f"FROM {runtime}"] + self.after_from() + self.workdir("/opt/app") + [f"COPY --from=build {jar} app.jar"]
        else:
            runtime = self.pick(["openjdk:17", "openjdk:11-jre-slim", "openjdk", "tomcat:10.1-jdk17", "eclipse-temurin:21"])
            lines += [f"FROM {runtime}"] + self.after_from() + self.workdir("/opt/app")
            if self.chance(0.5):
                lines += self.apt(["curl", "unzip"])
            lines += ["COPY target/*.jar app.jar"] if self.chance(0.7) else ["ADD target/app.jar app.jar"]
        lines += self.env() + self.risky()
        if "distroless" not in runtime:
            lines += self.user(self.pick(["1001", "spring:spring", "app"]))
        lines += self.expose(8080) + self.healthcheck("http://localhost:8080/actuator/health")
        lines += self.run_cmd('["java", "-jar", "app.jar"]', "java $JAVA_OPTS -jar app.jar")
        return lines

    def ruby(self):
        base = self.pick(["ruby:3.3", "ruby:3.2-slim", "ruby:3.3-alpine", "ruby", "ruby:latest"])
        alpine = "alpine" in base
        lines = self.header() + [f"FROM {base}"] + self.after_from()
        lines += self.apk(["build-base", "postgresql-dev", "tzdata"]) if alpine else self.apt(["build-essential", "libpq-dev"])
        lines += self.workdir("/app") + self.env()
        lines += self.gem()
        lines += ["COPY Gemfile Gemfile.lock ./", self.pick(["RUN bundle install", "RUN bundle config set without 'development test' && bundle install --jobs 4"])]
        lines += ["COPY . ."] + self.risky()
        lines += self.user("app") + self.expose(3000) + self.healthcheck("http://localhost:3000/up")
        lines += self.run_cmd('["bundle", "exec", "puma", "-C", "config/puma.rb"]', "bundle exec rails server -b 0.0.0.0")
        return lines

    def php(self):
        base = self.pick(["php:8.3-apache", "php:8.2-fpm-alpine", "php:8.3-fpm", "php:apache", "php:7.4-apache"])
        alpine = "alpine" in base
        lines = self.header() + [f"FROM {base}"] + self.after_from()
        if alpine:
            lines += self.apk(["git", "libc6-compat"])
        else:
            lines += self.apt(["git", "unzip", "libxml2-dev"])
        lines += ["RUN docker-php-ext-install pdo_mysql opcache"]
        if self.chance(0.5):
            lines += [self.pick(["RUN curl -sS https://getcomposer.org/installer | php -- --install-dir=/usr/local/bin --filename=composer",
                                 "COPY --from=composer:2.7 /usr/bin/composer /usr/bin/composer",
                                 "COPY --from=composer:latest /usr/bin/composer /usr/bin/composer"])]
        lines += self.workdir("/var/www/html")
        lines += ["COPY . ."] if self.chance(0.7) else ["COPY src/ /var/www/html/"]
        if self.chance(0.5):
            lines += ["RUN chown -R www-data:www-data /var/www/html"]
        lines += self.risky() + self.env()
        lines += self.user("www-data") + self.expose(80 if "apache" in base else 9000)
        lines += self.healthcheck("http://localhost/")
        if self.chance(0.5):
            lines += self.run_cmd('["apache2-foreground"]' if "apache" in base else '["php-fpm"]', "php-fpm -F")
        return lines

    def nginx(self):
        base = self.pick(["nginx:1.25-alpine", "nginx:1.25", "nginx:latest", "nginx", "nginx:stable-alpine",
                          "nginxinc/nginx-unprivileged:1.25-alpine"])
        lines = self.header()
        if self.chance(0.4):
            lines += [f"FROM {self.pick(['node:20-alpine', 'node:20'])} AS build"] + self.workdir("/app")
            lines += ["COPY package*.json ./", "RUN npm ci", "COPY . .", "RUN npm run build", ""]
            lines += [f"FROM {base}", "COPY --from=build /app/dist /usr/share/nginx/html"]
        else:
            lines += [f"FROM {base}", "COPY html/ /usr/share/nginx/html/"]
        lines += self.after_from()
        lines += ["COPY nginx.conf /etc/nginx/nginx.conf"] if self.chance(0.7) else ["ADD nginx.conf /etc/nginx/conf.d/default.conf"]
        if self.chance(0.3):
            lines += self.apk(["curl"]) if "alpine" in base else self.apt(["curl"])
        lines += self.risky()
        if self.chance(0.3):
            lines += self.user(self.pick(["nginx", "101"]))
        lines += self.expose(self.pick([80, 8080])) + self.healthcheck("http://localhost/")
        if self.chance(0.6):
            lines += self.run_cmd('["nginx", "-g", "daemon off;"]', "nginx -g 'daemon off;'")
        return lines

    def base_os(self):
        base = self.pick(["alpine:3.19", "alpine", "alpine:latest", "debian:bookworm-slim", "debian:12", "debian",
                          "ubuntu:22.04", "ubuntu:latest", "ubuntu", "fedora:39", "busybox:1.36"])
        lines = self.header() + [f"FROM {base}"] + self.after_from() + self.env()
        if base.startswith("alpine"):
            lines += self.apk()
        elif base.startswith(("debian", "ubuntu")):
            lines += self.apt()
            if self.chance(0.2):
                lines += ["RUN apt-get update && apt-get install -y openssh-server && mkdir /var/run/sshd",
                          "RUN echo 'root:root' | chpasswd", "EXPOSE 22"]
        elif base.startswith("fedora"):
            lines += [self.pick(["RUN dnf -y update && dnf -y install curl && dnf clean all",
                                 "RUN dnf install -y jq-1.7.1 && dnf clean all"])]
        if self.chance(0.3):
            lines += self.pip("pip3") if not base.startswith("busybox") else []
        lines += self.workdir("/opt/tool")
        lines += ["COPY . ."] if self.chance(0.4) else ["COPY entrypoint.sh /usr/local/bin/entrypoint.sh"]
        lines += self.risky()
        lines += self.user(self.pick(["nobody", "tool", "1000"])) + self.healthcheck("http://localhost:9000/")
        lines += self.run_cmd('["/usr/local/bin/entrypoint.sh"]', "/usr/local/bin/entrypoint.sh run")
        return lines


STACKS = [("node", 70), ("python", 70), ("go", 50), ("java", 45), ("ruby", 35), ("php", 35), ("nginx", 40), ("base", 55)]
NAMES = ["Dockerfile"] * 17 + ["Containerfile", "Dockerfile.prod", "app.Dockerfile"]
DOCKERIGNORE = ".git\nnode_modules\n*.log\n.env\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cases")
    ap.add_argument("out")
    ap.add_argument("--generated", type=int, default=400)
    ap.add_argument("--seed", type=int, default=20240603)
    ap.add_argument("--only-generated", action="store_true", help="skip the hadolint parts (for the scaling corpus)")
    a = ap.parse_args()

    if os.path.isdir(a.out):
        shutil.rmtree(a.out)
    os.makedirs(a.out)

    rows = [] if a.only_generated else [json.loads(l) for l in open(a.cases, encoding="utf-8") if l.strip()]
    n_from = 0
    for i, row in enumerate(rows):
        rel = f"{row['rule']}-{i:03d}"
        text = row["dockerfile"]
        for part, body in (("hadolint", text),) + ((("hadolint-from", "FROM debian:12.5-slim\n" + text),)
                                                   if not any(l.strip().upper().startswith("FROM ") for l in text.splitlines()) else ()):
            d = os.path.join(a.out, part, rel)
            os.makedirs(d)
            with open(os.path.join(d, "Dockerfile"), "w", encoding="utf-8", newline="") as f:
                f.write(body)
            n_from += part == "hadolint-from"

    rng = random.Random(a.seed)
    g = Gen(rng)
    weights = [w for _, w in STACKS]
    counts = {}
    ignores = 0
    for i in range(a.generated):
        stack = rng.choices([s for s, _ in STACKS], weights)[0]
        counts[stack] = counts.get(stack, 0) + 1
        lines = {"node": g.node, "python": g.python, "go": g.go, "java": g.java, "ruby": g.ruby, "php": g.php,
                 "nginx": g.nginx, "base": g.base_os}[stack]()
        name = rng.choice(NAMES)
        d = os.path.join(a.out, "generated", f"{stack}-{i:03d}")
        os.makedirs(d)
        with open(os.path.join(d, name), "w", encoding="utf-8", newline="") as f:
            f.write("\n".join(lines) + "\n")
        if rng.random() < 0.5:
            ignores += 1
            with open(os.path.join(d, ".dockerignore"), "w", encoding="utf-8", newline="") as f:
                f.write(DOCKERIGNORE)
    print(f"{len(rows)} hadolint case files, {n_from} of them again with a FROM line first, "
          f"{a.generated} generated (seed {a.seed}: " + ", ".join(f"{s} {counts.get(s, 0)}" for s, _ in STACKS)
          + f"; {ignores} with a .dockerignore)")


if __name__ == "__main__":
    main()
