#!/usr/bin/env python3
"""Issue 3 peer benchmark: times `palisade config` and dockerfilelint on the same Dockerfile corpus in one run,
compares their findings rule by rule and prints a Markdown report. Called by run.sh (which installs, builds and
generates the corpus first); never run by CI or ./test.sh.

    peer.py --corpus DIR --work DIR --palisade-dll DLL --dfl-dir DIR [--rounds 3]

Everything printed comes from this run: the tools' outputs are kept in --work (pal.json, dfl.json, dfl-cli.json).
"""
import argparse
import collections
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

# ---------------------------------------------------------------------------------------------------------------------
# The mapping: dockerfilelint rule -> Palisade rule where both mean the same thing.
MAPPING = [
    # (dockerfilelint rules, Palisade id, hadolint alias, what both check / how they differ)
    (["latest_tag"], "PAL-DF-003", "DL3007", "FROM image:latest"),
    (["missing_tag"], "PAL-DF-004", "DL3006", "FROM image without a tag or digest"),
    (["apt-get_recommends"], "PAL-DF-011", "DL3015", "apt-get install without --no-install-recommends"),
    (["apt-get_missing_rm"], "PAL-DF-012", "DL3009",
     "apt lists left in the layer. dockerfilelint: an `apt-get update` not followed by `rm -rf /var/lib/apt/lists/*` "
     "in the same RUN; Palisade: a RUN that installs with apt without removing the lists (or a cache/tmpfs mount on "
     "them), in a stage that reaches the final image"),
    (["apt-get-upgrade", "apt-get-dist-upgrade"], "PAL-DF-013", "-",
     "apt-get upgrade / dist-upgrade (Palisade also: apt/aptitude, apk upgrade, dnf/yum/zypper upgrade)"),
    (["apkadd-missing_nocache_or_updaterm"], "PAL-DF-014", "DL3019",
     "apk add without --no-cache (dockerfilelint also accepts `--update` followed by `rm -rf /var/cache/apk/*`)"),
    (["sudo_usage"], "PAL-DF-016", "DL3004",
     "sudo (dockerfilelint: the word `sudo` anywhere in any instruction; Palisade: sudo run as a command in RUN)"),
    (["deprecated_in_1.13"], "PAL-DF-031", "DL4000", "MAINTAINER"),
]
DFL_TO_PAL = {d: p for ds, p, _, _ in MAPPING for d in ds}
PAL_MAPPED = [p for _, p, _, _ in MAPPING]
ALIAS = {p: a for _, p, a, _ in MAPPING}

# Every rule dockerfilelint 1.8.0 can report (lib/reference.js), for the table of rules with no Palisade equivalent.
DFL_UNMAPPED_NOTES = {
    "from_first": "first instruction is not FROM/ARG: compared with Palisade's parse errors in its own table below",
    "apt-get_missing_param": "apt-get install/remove/upgrade without -y (hadolint DL3014)",
    "apt-get-update_require_install": "apt-get update in a RUN with no apt-get install",
    "apkadd-missing-virtual": "apk add of several packages plus apk del in one RUN without --virtual",
    "uppercase_commands": "instruction not written in upper case",
    "label_invalid": "LABEL not in key=value form",
    "missing_args": "too few arguments (MAINTAINER without an e-mail address, ADD with one argument)",
    "extra_args": "too many arguments (USER, MAINTAINER with two e-mail addresses)",
    "add_src_invalid": "ADD source outside the build context (absolute or ../)",
    "add_dest_invalid": "ADD of several sources or a wildcard to a destination without a trailing /",
    "expose_host_port": "EXPOSE host:container",
    "invalid_port": "EXPOSE of something that is not a port number",
    "invalid_command": "unknown instruction",
    "required_params": "instruction without arguments",
    "invalid_line": "instruction without arguments",
    "invalid_workdir": "WORKDIR with unquoted spaces",
    "invalid_format": "bad ENV/SHELL/HEALTHCHECK format",
    "healthcheck_options_missing_args": "HEALTHCHECK option without a value",
}

CLASS_FP = "false positive of dockerfilelint"
CLASS_SEM = "difference of semantics"
CLASS_GAP = "**true finding Palisade misses**"
CLASS_TRUE_NOEQ = "true finding, no Palisade rule"
CLASS_STYLE = "style or opinion, no Palisade rule"
CLASS_UNK = "**unclassified: look at it**"


# ---------------------------------------------------------------------------------------------------------------------
# A small Dockerfile reader, only for classifying disagreements: logical instructions with their line span.
class Instr:
    def __init__(self, start, end, text):
        self.start, self.end, self.text = start, end, text
        parts = text.split(None, 1)
        self.keyword = parts[0].upper() if parts else ""
        self.args = parts[1] if len(parts) > 1 else ""


class DFile:
    def __init__(self, text):
        self.text = text
        self.lines = text.split("\n")
        self.instrs = []
        buf, start = [], None
        for i, raw in enumerate(self.lines, 1):
            s = raw.strip()
            if not s or s.startswith("#"):
                continue
            if start is None:
                start = i
            if s.endswith("\\"):
                buf.append(s[:-1])
                continue
            buf.append(s)
            self.instrs.append(Instr(start, i, " ".join(buf)))
            buf, start = [], None
        if buf:
            self.instrs.append(Instr(start, len(self.lines), " ".join(buf)))
        # stages
        self.stages = []   # dicts: alias, image, instrs, index
        for ins in self.instrs:
            if ins.keyword == "FROM":
                toks = [t for t in ins.args.split() if not t.startswith("--")]
                image = toks[0] if toks else ""
                alias = toks[2].lower() if len(toks) >= 3 and toks[1].lower() == "as" else None
                self.stages.append({"image": image, "alias": alias, "instrs": [ins], "index": len(self.stages)})
            elif self.stages:
                self.stages[-1]["instrs"].append(ins)

    def at(self, line):
        for ins in self.instrs:
            if ins.start <= line <= ins.end:
                return ins
        # dockerfilelint reports a multi-line instruction that starts on line 1 at line 2 (its partialLineNum is 0-based)
        return None

    def stage_of(self, ins):
        for st in self.stages:
            if ins in st["instrs"]:
                return st
        return None

    def reaches_final(self, st):
        """True if the stage is the last one or (transitively) the base of a stage that is."""
        if st is None or not self.stages:
            return True
        keep = {len(self.stages) - 1}
        changed = True
        while changed:
            changed = False
            for s in self.stages:
                if s["index"] in keep:
                    img = s["image"].lower()
                    for b in self.stages[:s["index"]]:
                        if b["index"] not in keep and (b["alias"] == img or str(b["index"]) == img):
                            keep.add(b["index"])
                            changed = True
        return st["index"] in keep

    def earlier_alias(self, ins, name):
        name = name.lower()
        for st in self.stages:
            if st["instrs"][0] is ins:
                return False
            if st["alias"] == name:
                return True
        return False

    def suppressed(self, ins, pal_id):
        """A `# hadolint ignore=` / `# palisade ignore=` comment for this rule above the instruction, or a global one."""
        ids = {pal_id.lower(), ALIAS.get(pal_id, "").lower()} - {"", "-"}
        for i, raw in enumerate(self.lines, 1):
            m = re.match(r"^\s*#\s*(palisade|hadolint)\s+(global\s+)?ignore\s*=\s*([A-Za-z0-9_,\- ]+)$", raw, re.I)
            if not m:
                continue
            named = {x.strip().lower() for x in m.group(3).split(",")}
            if named & ids and (m.group(2) or (ins is not None and i < ins.start and
                                               all(not l.strip() or l.strip().startswith("#") for l in self.lines[i:ins.start - 1]))):
                return True
        return False


APT_INSTALL = re.compile(r"\b(apt-get|apt|aptitude)\s[^;&|]*?\binstall\b")
APT_UPDATE = re.compile(r"\b(apt-get|apt|aptitude)\s[^;&|]*?\bupdate\b")


def classify_only_dfl(rule, ins, df, pal_id):
    """(kind, class, explanation) for a dockerfilelint finding of a mapped rule that Palisade does not report."""
    if ins is None:
        return ("line not found", CLASS_UNK, "")
    if df.suppressed(ins, pal_id):
        return ("suppressed by an inline ignore comment", CLASS_SEM,
                "the file carries `# hadolint ignore=` for this rule above the instruction; Palisade honours hadolint's "
                "pragma for aliased rules, dockerfilelint has no such pragma")
    if rule in ("missing_tag", "latest_tag"):
        toks = ins.args.split()
        if toks and toks[0].startswith("--"):
            return ("FROM --platform=... image:tag", CLASS_FP,
                    "dockerfilelint takes the first word after FROM as the image, so `--platform=$BUILDPLATFORM` "
                    "has \"no tag\"")
        image = toks[0] if toks else ""
        if image.lower() == "scratch":
            return ("FROM scratch AS name", CLASS_FP,
                    "dockerfilelint exempts only the exact text `scratch`, not `scratch AS build`")
        if df.earlier_alias(ins, image):
            return ("FROM <earlier stage>", CLASS_FP,
                    "the name is an earlier build stage, not an image: there is no tag to give")
        if "$" in image:
            return ("FROM $VARIABLE", CLASS_SEM, "the image comes from a build argument")
    if rule == "apt-get_missing_rm":
        if re.search(r"--mount=\S*target=/var/lib/apt\b", ins.text) or re.search(r"--mount=\S*target=/var/lib/apt/lists", ins.text):
            return ("apt lists on a cache/tmpfs mount", CLASS_FP,
                    "`RUN --mount=type=cache|tmpfs,target=/var/lib/apt` keeps the lists out of the layer; "
                    "dockerfilelint does not read --mount")
        st = df.stage_of(ins)
        if not df.reaches_final(st):
            return ("in a stage that never reaches the final image", CLASS_SEM,
                    "the stage is only copied from (COPY --from), its layers are thrown away; Palisade (like "
                    "hadolint DL3009) does not report it, dockerfilelint does not know about stages")
        if re.search(r"\bsudo\s+(-\S+\s+)*(apt-get|apt)\s+(-\S+\s+)*install\b", ins.text):
            return ("apt-get install run through sudo", CLASS_GAP,
                    "`apt-get update && sudo apt-get install ...` leaves the lists in the layer; Palisade's "
                    "package checks do not look through `sudo` to the command it runs")
        if not APT_INSTALL.search(ins.text):
            return ("apt-get update alone in its RUN", CLASS_GAP,
                    "`RUN apt-get update` with no install: the lists stay in that layer for good, whatever a later "
                    "RUN removes; Palisade only checks RUNs that install. (hadolint's DL3009 spec excuses a bare "
                    "`RUN apt-get update` only when the lists are on a cache/tmpfs mount, so it seems to warn here too.)")
    if rule == "sudo_usage" and not re.search(r"(^|[;&|(]\s*)sudo\b", ins.args):
        return ("sudo as a word, not a command", CLASS_SEM,
                "the word sudo appears (a package name, a path, a sudoers line) but sudo is not run")
    return ("other", CLASS_UNK, "")


def classify_only_pal(pal_id, ins, df):
    """Why dockerfilelint does not report what Palisade does (kind, note)."""
    if ins is None:
        return ("file-level finding", "")
    t = ins.text
    if pal_id in ("PAL-DF-011", "PAL-DF-012", "PAL-DF-013"):
        if re.search(r"\baptitude\b", t):
            return ("aptitude", "dockerfilelint only reads apt-get")
        if re.search(r"(^|[\s;&|])apt\s", t) and not re.search(r"\bapt-get\b", t):
            return ("apt instead of apt-get", "dockerfilelint only reads apt-get")
        if ";" in t and re.search(r"\bapt-get\b", t):
            return ("commands separated by ;", "dockerfilelint splits RUN only at &&, ||, ;; and |& (as separate words)")
        if re.search(r"\bsudo\b", t):
            return ("behind sudo", "dockerfilelint matches commands that start with apt-get")
    if pal_id == "PAL-DF-012" and APT_INSTALL.search(t) and not APT_UPDATE.search(t):
        st = df.stage_of(ins)
        earlier = [i for i in (st["instrs"] if st else df.instrs) if i.start < ins.start and i.keyword == "RUN" and APT_UPDATE.search(i.text)]
        if earlier:
            return ("install RUN after a separate `RUN apt-get update`",
                    "dockerfilelint reports the update RUN instead (counted in the other direction when that is the only one)")
        return ("install with no apt-get update before it in the stage",
                "dockerfilelint only looks after an `apt-get update`. No RUN of the stage downloads lists, so this "
                "layer has none to remove: arguably a Palisade false positive")
    if pal_id == "PAL-DF-012" and re.search(r"\bapt-get clean\b", t):
        return ("apt-get clean without removing the lists", "")
    if pal_id == "PAL-DF-013":
        if re.search(r"\b(dnf|yum|microdnf|zypper)\b", t):
            return ("dnf/yum/zypper upgrade", "dockerfilelint only reads apt-get")
        if re.search(r"\bapk\s+(-\S+\s+)*upgrade\b", t):
            return ("apk upgrade", "dockerfilelint only reads apt-get")
    if pal_id == "PAL-DF-014":
        if re.search(r"--update\b", t) and "/var/cache/apk" in t:
            return ("apk add --update ... && rm -rf /var/cache/apk/*",
                    "dockerfilelint accepts removing the cache afterwards; Palisade asks for --no-cache, as hadolint's "
                    "DL3019 text does (\"... to avoid the need to use --update and remove /var/cache/apk/*\"). The "
                    "cache is gone from the layer either way: arguably a Palisade false positive")
    if pal_id in ("PAL-DF-003", "PAL-DF-004") and "$" in t:
        return ("FROM with a variable", "")
    if ins.keyword != ins.text.split()[0]:
        return ("lower-case instruction", "")
    return ("other", "")


# dockerfilelint rules with no Palisade equivalent: (kind, class) per finding.
def classify_unmapped(rule, ins, df):
    t = ins.text if ins else ""
    if rule == "apt-get_missing_param":
        return ("apt-get install/upgrade/remove without -y", CLASS_TRUE_NOEQ,
                "apt-get asks for confirmation when it would install more than the named packages and, with no "
                "terminal, aborts: the build can fail (hadolint DL3014)")
    if rule == "apt-get-update_require_install":
        if re.search(r"\bsudo\s+(apt-get|apt)\b", t):
            return ("install run through sudo", CLASS_FP, "the install is there, behind sudo")
        return ("apt-get update alone in its RUN", CLASS_TRUE_NOEQ,
                "the lists stay in that layer, and a cached update layer goes stale for later installs")
    if rule == "uppercase_commands":
        return ("lower/mixed-case instruction", CLASS_STYLE,
                "BuildKit accepts any case (its ConsistentInstructionCasing check only warns on mixed casing)")
    if rule == "label_invalid":
        return ("legacy `LABEL key value`", CLASS_STYLE,
                "valid but deprecated syntax (BuildKit warns: LegacyKeyValueFormat)")
    if rule == "missing_args":
        if ins is not None and ins.keyword == "MAINTAINER":
            return ("MAINTAINER without an e-mail address", CLASS_STYLE,
                    "MAINTAINER takes any text; Palisade reports the MAINTAINER line itself (PAL-DF-031)")
        return ("too few arguments", CLASS_TRUE_NOEQ, "")
    if rule == "add_dest_invalid":
        if re.search(r"\s--\w", " " + (ins.args if ins else "")):
            return ("ADD with --checksum/--chown/--chmod", CLASS_FP, "the flag is counted as a second source")
        return ("several ADD sources to a file", CLASS_TRUE_NOEQ, "BuildKit rejects it")
    if rule == "apkadd-missing-virtual":
        return ("apk add + apk del without --virtual", CLASS_STYLE, "advice on grouping build dependencies")
    if rule == "expose_host_port":
        return ("EXPOSE host:container", CLASS_TRUE_NOEQ,
                "BuildKit warns (ExposeInvalidFormat) and ignores the host part")
    if rule == "invalid_port":
        if "$" in t or re.search(r"\d-\d", t):
            return ("EXPOSE with a variable or a range", CLASS_FP, "valid EXPOSE syntax")
        return ("invalid port", CLASS_TRUE_NOEQ, "")
    if rule == "from_first":
        return ("no FROM first", CLASS_SEM, "see the table of files Palisade rejects")
    return ("other", CLASS_UNK, "")


# ---------------------------------------------------------------------------------------------------------------------
def sh(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def timed(cmd, stdout_path, stderr_path):
    """(wall seconds, exit code, peak RSS in MB, CPU seconds) of one process, waited for with wait4 for its own rusage."""
    with open(stdout_path, "w") as so, open(stderr_path, "w") as se:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=so, stderr=se)
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        return wall, proc.returncode, ru.ru_maxrss / 1024, ru.ru_utime + ru.ru_stime


def part_of(path):
    return path.split("/", 1)[0]


def md_escape(s):
    return s.replace("|", "\\|")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--palisade-dll", required=True)
    ap.add_argument("--dfl-dir", required=True, help="bench/dockerfile-peer (with node_modules)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--corpus-summary", default="")
    ap.add_argument("--scale-corpus", default="", help="a larger generated corpus, timed too (start-up matters less)")
    ap.add_argument("--scale-summary", default="")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    corpus = os.path.abspath(a.corpus)
    out = []
    say = out.append

    node = shutil.which("node")
    driver = os.path.join(a.dfl_dir, "dfl-scan.js")
    dfl_bin = os.path.join(a.dfl_dir, "node_modules", "dockerfilelint", "bin", "dockerfilelint")
    dfl_version = json.load(open(os.path.join(a.dfl_dir, "node_modules", "dockerfilelint", "package.json")))["version"]
    pal_version = sh(["dotnet", a.palisade_dll, "version"]).stdout.splitlines()
    repo = os.path.abspath(os.path.join(a.dfl_dir, "..", ".."))
    commit = sh(["git", "-C", repo, "rev-parse", "--short", "HEAD"]).stdout.strip() or "unknown"
    dirty = sh(["git", "-C", repo, "status", "--porcelain", "--", "src"]).stdout.strip()

    # ------------------------------------------------------------------ corpus facts
    files = []
    for root, dirs, names in os.walk(corpus):
        dirs.sort()
        for n in sorted(names):
            ln = n.lower()
            if ln.endswith(".dockerignore"):
                continue
            if ln in ("dockerfile", "containerfile") or ln.endswith((".dockerfile", ".containerfile")) or \
                    ln.startswith(("dockerfile.", "containerfile.")):
                files.append(os.path.relpath(os.path.join(root, n), corpus).replace(os.sep, "/"))
    texts = {f: open(os.path.join(corpus, f), encoding="utf-8").read() for f in files}
    parts = collections.OrderedDict()
    for f in files:
        p = parts.setdefault(part_of(f), {"files": 0, "bytes": 0, "lines": 0})
        p["files"] += 1
        p["bytes"] += len(texts[f].encode("utf-8"))
        p["lines"] += texts[f].count("\n") + (0 if texts[f].endswith("\n") else 1)

    # ------------------------------------------------------------------ timing (interleaved)
    pal_out = os.path.join(a.work, "pal.json")
    dfl_out = os.path.join(a.work, "dfl.json")
    cli_out = os.path.join(a.work, "dfl-cli.json")
    pal_cmd = ["dotnet", a.palisade_dll, "config", corpus, "--format", "json", "-o", pal_out]
    dfl_cmd = [node, driver, corpus, dfl_out]
    empty = tempfile.mkdtemp(prefix="peer-empty-")
    pal_empty = ["dotnet", a.palisade_dll, "config", empty, "--format", "json", "-o", os.path.join(a.work, "pal-empty.json")]
    dfl_empty = [node, driver, empty, os.path.join(a.work, "dfl-empty.json")]

    scale = os.path.abspath(a.scale_corpus) if a.scale_corpus else None
    checks = ",".join(PAL_MAPPED)
    pal_mapped_cmd = ["dotnet", a.palisade_dll, "config", corpus, "--format", "json", "--checks", checks, "-o", os.path.join(a.work, "pal-mapped.json")]
    scale_cmds = []
    if scale:
        scale_cmds = [("palisade, scaling corpus", ["dotnet", a.palisade_dll, "config", scale, "--format", "json", "-o", os.path.join(a.work, "pal-scale.json")]),
                      ("palisade, mapped rules only, scaling corpus", ["dotnet", a.palisade_dll, "config", scale, "--format", "json", "--checks", checks, "-o", os.path.join(a.work, "pal-mapped-scale.json")]),
                      ("dockerfilelint, scaling corpus", [node, driver, scale, os.path.join(a.work, "dfl-scale.json")])]

    loadavg_before = open("/proc/loadavg").read().split()[:3]
    # one untimed run of each: page cache, .NET and node compile caches; the outputs are the ones compared below
    timed(pal_cmd, os.path.join(a.work, "pal.stdout"), os.path.join(a.work, "pal.stderr"))
    timed(dfl_cmd, os.path.join(a.work, "dfl.stdout"), os.path.join(a.work, "dfl.stderr"))
    for name, cmd in [("palisade, mapped rules only", pal_mapped_cmd)] + scale_cmds:
        timed(cmd, os.devnull, os.devnull)
    dfl = json.load(open(dfl_out))
    crashed = {c["file"]: c["error"] for c in dfl["crashed"]}
    # the official CLI in one process can only be given the files it does not crash on
    cli_files = [os.path.join(corpus, f) for f in files if f not in crashed]
    cli_cmd = [node, dfl_bin, "-o", "json"] + cli_files

    times = collections.defaultdict(list)
    rss = collections.defaultdict(list)
    cpu = collections.defaultdict(list)
    rcs = collections.defaultdict(set)
    for r in range(a.rounds):
        order = [("palisade", pal_cmd), ("dockerfilelint", dfl_cmd), ("dockerfilelint CLI", cli_cmd),
                 ("palisade, mapped rules only", pal_mapped_cmd)] + scale_cmds
        if r % 2 == 1:
            order.reverse()
        for name, cmd in order:
            so = cli_out if name == "dockerfilelint CLI" else os.path.join(a.work, f"{name.split(',')[0].split()[0]}.stdout")
            t, rc, m, c = timed(cmd, so, os.path.join(a.work, f"{name.replace(' ', '-').replace(',', '')}.stderr"))
            times[name].append(t)
            rss[name].append(m)
            cpu[name].append(c)
            rcs[name].add(rc)
    for r in range(a.rounds):
        for name, cmd in (("palisade, empty directory", pal_empty), ("dockerfilelint, empty directory", dfl_empty)):
            t, rc, m, c = timed(cmd, os.devnull, os.devnull)
            times[name].append(t)
            rss[name].append(m)
            cpu[name].append(c)
    shutil.rmtree(empty, ignore_errors=True)
    loadavg_after = open("/proc/loadavg").read().split()[:3]

    pal = json.load(open(pal_out))
    dfl = json.load(open(dfl_out))
    cli = json.load(open(cli_out))

    # ------------------------------------------------------------------ index findings
    pal_targets = {r["target"]: r for r in pal["results"] if r.get("type") == "dockerfile"}
    pal_err = {t: r["errors"] for t, r in pal_targets.items() if r.get("errors")}
    dfl_files = {f["file"]: f["issues"] for f in dfl["files"]}
    dfs = {f: DFile(texts[f]) for f in files}

    both_linted = [f for f in files if f in pal_targets and f in dfl_files and f not in pal_err]

    # ------------------------------------------------------------------ header
    say(f"- Machine: {os.cpu_count()} logical CPUs, "
        f"{next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), '?')}, "
        f"{int(next(l.split()[1] for l in open('/proc/meminfo') if l.startswith('MemTotal'))) / 1048576:.1f} GB RAM, "
        f"{platform.freedesktop_os_release().get('PRETTY_NAME', platform.platform()) if hasattr(platform, 'freedesktop_os_release') else platform.platform()}")
    say(f"- Palisade: {pal_version[0] if pal_version else '?'} ({'; '.join(pal_version[1:])}), commit {commit}"
        + (" (src/ has uncommitted changes)" if dirty else ""))
    say(f"- dockerfilelint {dfl_version} (npm, pinned in bench/dockerfile-peer/package-lock.json) on node {sh([node, '--version']).stdout.strip()}")
    say(f"- Load average before / after the timed runs: {' '.join(loadavg_before)} / {' '.join(loadavg_after)}")
    say("")
    say("#### Corpus")
    say("")
    if a.corpus_summary:
        say(f"`gen_corpus.py`: {a.corpus_summary}")
        say("")
    say("| part | Dockerfiles | lines | bytes | Palisade: parsed / rejected (exit 2) | dockerfilelint: linted / crashed |")
    say("|---|---:|---:|---:|---:|---:|")
    tot = collections.Counter()
    for p, s in parts.items():
        fs = [f for f in files if part_of(f) == p]
        row = (s["files"], s["lines"], s["bytes"], sum(f in pal_targets and f not in pal_err for f in fs),
               sum(f in pal_err for f in fs), sum(f in dfl_files for f in fs), sum(f in crashed for f in fs))
        tot.update(dict(zip("abcdefg", row)))
        say(f"| {p} | {row[0]} | {row[1]:,} | {row[2]:,} | {row[3]} / {row[4]} | {row[5]} / {row[6]} |")
    say(f"| **all** | {tot['a']} | {tot['b']:,} | {tot['c']:,} | {tot['d']} / {tot['e']} | {tot['f']} / {tot['g']} |")
    say("")
    missing_pal = [f for f in files if f not in pal_targets]
    extra_pal = [t for t in pal_targets if t not in texts]
    para = (f"Both tools saw the same {len(files)} files" if not missing_pal and not extra_pal and
            set(dfl_files) | set(crashed) == set(files)
            else f"File sets differ: Palisade missed {missing_pal[:5]}, Palisade extra {extra_pal[:5]}, "
                 f"dockerfilelint {len(set(dfl_files) | set(crashed))} of {len(files)}")
    crash_kinds = collections.Counter(re.sub(r"\s*\|.*", "", e) for e in crashed.values())
    if crashed:
        hc = sum(1 for f in crashed if re.search(r"^\s*HEALTHCHECK\s+CMD\b", texts[f], re.M | re.I))
        para += (f"; dockerfilelint threw on {len(crashed)} "
                 f"({'; '.join(f'{n}× `{k}`' for k, n in crash_kinds.items())}): "
                 f"{hc} of them have a `HEALTHCHECK CMD ...` without options, which 1.8.0's `is_valid_healthcheck` "
                 f"cannot handle (`options` is null). Its own CLI dies on the first such file and reports nothing for "
                 f"any file, so `dfl-scan.js` catches the exception per file; those files are left out of the comparison.")
    else:
        para += "."
    para += (f" {len(both_linted)} files were linted by both (not rejected by Palisade, not crashing dockerfilelint): "
             "the comparison below is over them.")
    say(para)
    say("")

    # ------------------------------------------------------------------ timing
    def med(n):
        return statistics.median(times[n])
    say("#### Wall time (same run, interleaved)")
    say("")
    say(f"Each command ran once untimed (warm page cache), then {a.rounds} timed rounds, interleaved (palisade, "
        "dockerfilelint, dockerfilelint CLI, palisade with the mapped rules only"
        + (", then the same for the scaling corpus" if scale else "")
        + "; the order reversed every other round), then the empty-directory runs. Wall time of the whole process "
        "(`time.perf_counter` around it); CPU time and peak RSS from its own `wait4` rusage (Palisade lints files in "
        "parallel on both cores, dockerfilelint on one); reports written to files. Palisade's "
        "JSON report carries each finding's title, message, remediation, references and controls, dockerfilelint's "
        "only line, rule and title, hence the sizes in the last column.")
    say("")
    say("| command | files | wall, runs (s) | wall, median (s) | files/s | CPU user+sys, median (s) | peak RSS (MB, median) | report written (MB) |")
    say("|---|---:|---|---:|---:|---:|---:|---:|")
    outputs = {"palisade": pal_out, "dockerfilelint": dfl_out, "dockerfilelint CLI": cli_out,
               "palisade, mapped rules only": os.path.join(a.work, "pal-mapped.json"),
               "palisade, mapped rules only, scaling corpus": os.path.join(a.work, "pal-mapped-scale.json"),
               "palisade, scaling corpus": os.path.join(a.work, "pal-scale.json"),
               "dockerfilelint, scaling corpus": os.path.join(a.work, "dfl-scale.json")}
    rel = os.path.relpath(corpus, repo)
    rows = [("palisade", f"`dotnet artifacts/cli/palisade.dll config {rel} --format json -o pal.json`", len(files)),
            ("dockerfilelint", f"`node bench/dockerfile-peer/dfl-scan.js {rel} dfl.json` (one process, all files)", len(files)),
            ("dockerfilelint CLI", "`dockerfilelint -o json FILE...` (its own CLI, one process, the files it does not crash on)", len(cli_files)),
            ("palisade, mapped rules only", f"palisade as above with `--checks` the {len(PAL_MAPPED)} mapped rules", len(files)),
            ("palisade, empty directory", "palisade as above on an empty directory (start-up cost)", 0),
            ("dockerfilelint, empty directory", "dfl-scan.js on an empty directory (start-up cost)", 0)]
    n_scale = 0
    if scale:
        for root_, _, names in os.walk(scale):
            n_scale += sum(1 for n in names if n.lower() in ("dockerfile", "containerfile") or n.lower().endswith((".dockerfile", ".containerfile"))
                           or (n.lower().startswith(("dockerfile.", "containerfile.")) and not n.lower().endswith(".dockerignore")))
        srel = os.path.relpath(scale, repo)
        rows += [("palisade, scaling corpus", f"palisade as above on `{srel}`", n_scale),
                 ("palisade, mapped rules only, scaling corpus", f"palisade with `--checks` the {len(PAL_MAPPED)} mapped rules on `{srel}`", n_scale),
                 ("dockerfilelint, scaling corpus", f"dfl-scan.js on `{srel}`", n_scale)]
    for name, desc, n in rows:
        fps = f"{n / med(name):,.0f}" if n else "-"
        size = f"{os.path.getsize(outputs[name]) / 1e6:.1f}" if name in outputs and os.path.exists(outputs[name]) else "-"
        say(f"| {name}: {desc} | {n} | {', '.join(f'{t:.3f}' for t in times[name])} | {med(name):.3f} | {fps} | {statistics.median(cpu[name]):.3f} | {statistics.median(rss[name]):.0f} | {size} |")
    say("")
    ratio = med("palisade") / med("dockerfilelint")
    say(f"**Ratio palisade / dockerfilelint, whole corpus, one run (medians): {ratio:.2f}** "
        f"({med('palisade'):.3f} s / {med('dockerfilelint'):.3f} s). "
        f"Less the start-up (median minus the empty-directory median): "
        f"{med('palisade') - med('palisade, empty directory'):.3f} s / "
        f"{med('dockerfilelint') - med('dockerfilelint, empty directory'):.3f} s. Palisade with only the "
        f"{len(PAL_MAPPED)} mapped rules: {med('palisade, mapped rules only') / med('dockerfilelint'):.2f}.")
    if scale:
        say(f"On the scaling corpus ({a.scale_summary or f'{n_scale} generated files'}): "
            f"**{med('palisade, scaling corpus') / med('dockerfilelint, scaling corpus'):.2f}** "
            f"({med('palisade, scaling corpus'):.3f} s / {med('dockerfilelint, scaling corpus'):.3f} s); "
            f"Palisade with only the {len(PAL_MAPPED)} mapped rules: "
            f"**{med('palisade, mapped rules only, scaling corpus') / med('dockerfilelint, scaling corpus'):.2f}**.")
    say(f"Exit codes: palisade {sorted(rcs['palisade'])} (2: some files could not be parsed), "
        f"dfl-scan.js {sorted(rcs['dockerfilelint'])}, dockerfilelint CLI {sorted(rcs['dockerfilelint CLI'])} "
        "(its exit code is its issue count, modulo 256).")
    # the CLI and the driver agree?
    cli_by = {os.path.relpath(f["file"], corpus).replace(os.sep, "/"): sorted((int(i["line"]), i["title"]) for i in f["issues"]) for f in cli["files"]}
    drv_by = {f: sorted((i["line"], i["title"]) for i in dfl_files[f]) for f in dfl_files}
    same = sum(1 for f in cli_by if cli_by[f] == drv_by.get(f))
    say(f"The CLI's JSON and dfl-scan.js agree issue for issue (line, title) on {same} of {len(cli_by)} files.")
    say("")

    # ------------------------------------------------------------------ mapping
    say("#### Rule mapping")
    say("")
    say("| dockerfilelint rule | Palisade | hadolint | what both check; differences |")
    say("|---|---|---|---|")
    for ds, p, al, note in MAPPING:
        say(f"| {', '.join(f'`{d}`' for d in ds)} | {p} | {al} | {md_escape(note)} |")
    say("| `from_first` | (parse error, exit 2) | - | no FROM (or ARG) first: Palisade does not lint the file at all |")
    say("")

    # ------------------------------------------------------------------ comparison
    def findings_by(pairs_files):
        dset = collections.defaultdict(list)    # (file, pal_id) -> [(line, rule)]
        pset = collections.defaultdict(list)    # (file, pal_id) -> [(start, end)]
        for f in pairs_files:
            for i in dfl_files.get(f, []):
                if i["rule"] in DFL_TO_PAL:
                    dset[(f, DFL_TO_PAL[i["rule"]])].append((i["line"], i["rule"]))
            for x in pal_targets[f].get("findings") or []:
                if x["ruleId"] in PAL_MAPPED:
                    pset[(f, x["ruleId"])].append((x["location"]["startLine"], x["location"]["endLine"]))
        return dset, pset

    dset, pset = findings_by(both_linted)

    def inst_matched(f, pid, line):
        ins = dfs[f].at(line)
        lo, hi = (ins.start, ins.end) if ins else (line, line)
        return any(s <= hi and e >= lo for s, e in pset.get((f, pid), []))

    def table(subset, title):
        say(title)
        say("")
        say("| Palisade rule (dockerfilelint rule) | files: both | only dockerfilelint | only Palisade | "
            "dockerfilelint findings | of them on an instruction Palisade also reports | Palisade findings |")
        say("|---|---:|---:|---:|---:|---:|---:|")
        tb = collections.Counter()
        for ds, p, _, _ in MAPPING:
            keys = {k for k in set(dset) | set(pset) if k[1] == p and k[0] in subset}
            b = sum(1 for k in keys if k in dset and k in pset)
            od = sum(1 for k in keys if k in dset and k not in pset)
            op = sum(1 for k in keys if k in pset and k not in dset)
            ni = sum(len(dset[k]) for k in keys if k in dset)
            nm = sum(1 for k in keys if k in dset for (ln, _) in dset[k] if inst_matched(k[0], p, ln))
            npf = sum(len(pset[k]) for k in keys if k in pset)
            tb.update({"b": b, "od": od, "op": op, "ni": ni, "nm": nm, "np": npf})
            say(f"| {p} ({', '.join(ds)}) | {b} | {od} | {op} | {ni} | {nm} | {npf} |")
        say(f"| **all mapped rules** | {tb['b']} | {tb['od']} | {tb['op']} | {tb['ni']} | {tb['nm']} | {tb['np']} |")
        say("")
        return tb

    say("#### Findings of the mapped rules, file by file")
    say("")
    say("A pair (file, rule) counts as *both* when each tool reports that rule at least once in the file. The last "
        "three columns count findings: a dockerfilelint finding is *on an instruction Palisade also reports* when a "
        "Palisade finding of the same rule overlaps the instruction it points at.")
    say("")
    tb_all = table(set(both_linted), f"All {len(both_linted)} files linted by both:")
    for p in parts:
        sub = {f for f in both_linted if part_of(f) == p}
        if sub:
            table(sub, f"`{p}/` only ({len(sub)} files):")

    # ------------------------------------------------------------------ only dockerfilelint
    say("#### What only dockerfilelint reports (mapped rules), classified")
    say("")
    kinds = collections.OrderedDict()
    for k in sorted(dset):
        if k in pset:
            continue
        f, pid = k
        for line, rule in dset[k]:
            ins = dfs[f].at(line)
            kind, cls, why = classify_only_dfl(rule, ins, dfs[f], pid)
            e = kinds.setdefault((rule, kind), {"cls": cls, "why": why, "n": 0, "files": set(), "ex": []})
            e["n"] += 1
            e["files"].add(f)
            if len(e["ex"]) < 3 and f not in [x[0] for x in e["ex"]]:
                e["ex"].append((f, line, ins.text if ins else "?"))
    if not kinds:
        say("Nothing: on the files both tools linted, every finding of a mapped rule that dockerfilelint reports, Palisade reports too.")
    else:
        say("| dockerfilelint rule | kind | class | findings | files | why | examples |")
        say("|---|---|---|---:|---:|---|---|")
        for (rule, kind), e in sorted(kinds.items(), key=lambda kv: (kv[1]["cls"] != CLASS_GAP, kv[0])):
            ex = "<br>".join(f"`{x[0]}:{x[1]}` `{md_escape(x[2][:90])}`" for x in e["ex"])
            say(f"| `{rule}` | {kind} | {e['cls']} | {e['n']} | {len(e['files'])} | {md_escape(e['why'])} | {ex} |")
    say("")
    # also: findings on an instruction Palisade does not report although the file has that rule elsewhere
    loc = collections.Counter()
    loc_ex = {}
    loc_cls = {}
    for k in dset:
        if k not in pset:
            continue
        for line, rule in dset[k]:
            if not inst_matched(k[0], k[1], line):
                ins = dfs[k[0]].at(line)
                kind, cls, _ = classify_only_dfl(rule, ins, dfs[k[0]], k[1])
                if kind == "other":
                    kind = "Palisade reports another instruction of the file"
                loc[(rule, kind)] += 1
                loc_cls[(rule, kind)] = cls
                loc_ex.setdefault((rule, kind), f"{k[0]}:{line}")
    if loc:
        say("dockerfilelint findings in files where Palisade reports the same rule, but on another instruction: "
            + "; ".join(f"`{r}` {k}: {n} (e.g. `{loc_ex[(r, k)]}`)" for (r, k), n in sorted(loc.items())) + ".")
        say("")

    # ------------------------------------------------------------------ only palisade
    say("#### What only Palisade reports (mapped rules): why dockerfilelint misses it")
    say("")
    okinds = collections.OrderedDict()
    for k in sorted(pset):
        if k in dset:
            continue
        f, pid = k
        for s, e_ in pset[k]:
            ins = dfs[f].at(s)
            kind, note = classify_only_pal(pid, ins, dfs[f])
            e = okinds.setdefault((pid, kind), {"note": note, "n": 0, "files": set(), "ex": []})
            e["n"] += 1
            e["files"].add(f)
            if len(e["ex"]) < 2 and f not in [x[0] for x in e["ex"]]:
                e["ex"].append((f, s, ins.text if ins else "?"))
    say("| Palisade rule | kind | findings | files | note | examples |")
    say("|---|---|---:|---:|---|---|")
    for (pid, kind), e in okinds.items():
        ex = "<br>".join(f"`{x[0]}:{x[1]}` `{md_escape(x[2][:90])}`" for x in e["ex"])
        say(f"| {pid} | {kind} | {e['n']} | {len(e['files'])} | {md_escape(e['note'])} | {ex} |")
    say("")

    # ------------------------------------------------------------------ invalid files
    say("#### Files Palisade rejects (parse errors) against dockerfilelint's `from_first`")
    say("")
    ff = {f for f, iss in dfl_files.items() if any(i["rule"] == "from_first" for i in iss)}
    perr_nofrom = {f for f, errs in pal_err.items() if any("before the first FROM" in e["message"] for e in errs)}
    perr_other = {f for f in pal_err if f not in perr_nofrom}
    say("| | files |")
    say("|---|---:|")
    say(f"| Palisade: \"X before the first FROM\" | {len(perr_nofrom)} |")
    say(f"| Palisade: other parse errors ({'; '.join(sorted({e['message'] for f in perr_other for e in pal_err[f]}))}) | {len(perr_other)} |")
    say(f"| dockerfilelint `from_first` | {len(ff)} |")
    say(f"| both (`from_first` and a Palisade parse error) | {len(ff & set(pal_err))} |")
    only_pe = sorted((perr_nofrom | perr_other) - ff - set(crashed))
    say(f"| Palisade error, no `from_first`, dockerfilelint did not crash | {len(only_pe)} |")
    say(f"| Palisade error, dockerfilelint crashed | {len(set(pal_err) & set(crashed))} |")
    say(f"| `from_first`, Palisade parsed the file | {len(ff - set(pal_err))} |")
    say("")
    if only_pe:
        say("Palisade rejects, dockerfilelint lints without `from_first`: " + "; ".join(
            f"`{f}` (`{md_escape(texts[f].strip().splitlines()[0][:60])}` ...: {md_escape(pal_err[f][0]['message'])})" for f in only_pe[:6])
            + (" — dockerfilelint lets any instruction follow a first ARG." if only_pe else ""))
        say("")
    mapped_in_rejected = sum(1 for f in pal_err if f in dfl_files for i in dfl_files[f] if i["rule"] in DFL_TO_PAL)
    say(f"dockerfilelint still reports {mapped_in_rejected} findings of mapped rules inside the files Palisade "
        "rejects; BuildKit rejects those files too, and the `hadolint-from/` copies of the same snippets (with a "
        "FROM first) are where the two tools are compared on them.")
    say("")

    # ------------------------------------------------------------------ dockerfilelint rules without Palisade equivalent
    say("#### dockerfilelint rules with no Palisade equivalent")
    say("")
    all_dfl_rules = [r for r in DFL_UNMAPPED_NOTES]
    unmapped_cls = {}
    say("| dockerfilelint rule | what | findings | files | classification (findings) | example |")
    say("|---|---|---:|---:|---|---|")
    for rule in all_dfl_rules:
        n, fs_, cls, ex = 0, set(), collections.Counter(), None
        for f in files:
            for i in dfl_files.get(f, []):
                if i["rule"] != rule:
                    continue
                n += 1
                fs_.add(f)
                if rule == "from_first":
                    continue
                ins = dfs[f].at(i["line"])
                kind, c, _ = classify_unmapped(rule, ins, dfs[f])
                cls[f"{kind}: {c}"] += 1
                if ex is None and f in both_linted:
                    ex = f"`{f}:{i['line']}` `{md_escape((ins.text if ins else '?')[:70])}`"
        unmapped_cls[rule] = cls
        if rule == "from_first":
            cl = "see the table above"
        else:
            cl = "<br>".join(f"{k} ({v})" for k, v in cls.most_common()) or "-"
        say(f"| `{rule}` | {md_escape(DFL_UNMAPPED_NOTES[rule])} | {n} | {len(fs_)} | {cl} | {ex or '-'} |")
    say("")
    say("dockerfilelint's README also lists \"only a single CMD\", but 1.8.0 never reports it (`cmdFound` is set and "
        "never read), so PAL-DF-020 has no counterpart.")
    say("")

    # ------------------------------------------------------------------ Palisade rules without dockerfilelint equivalent
    say("#### Palisade rules with no dockerfilelint equivalent")
    say("")
    cat = {}
    try:
        cat = {r["id"]: r for r in json.loads(sh(["dotnet", a.palisade_dll, "checks", "list", "--format", "json"]).stdout)}
    except Exception:   # noqa: BLE001
        pass
    pal_counts = collections.Counter()
    pal_files = collections.defaultdict(set)
    pal_counts_both = collections.Counter()
    for t, r in pal_targets.items():
        for x in r.get("findings") or []:
            pal_counts[x["ruleId"]] += 1
            pal_files[x["ruleId"]].add(t)
            if t in both_linted:
                pal_counts_both[x["ruleId"]] += 1
    df_ids = sorted(i for i in cat if i.startswith("PAL-DF-")) or sorted(pal_counts)
    say("| Palisade rule | hadolint | title | findings (all files) | files | findings in files both linted |")
    say("|---|---|---|---:|---:|---:|")
    nomap = [i for i in df_ids if i not in PAL_MAPPED]
    for i in nomap:
        al = ", ".join(cat.get(i, {}).get("aliases", [])) or "-"
        say(f"| {i} | {al} | {md_escape(cat.get(i, {}).get('title', ''))} | {pal_counts[i]} | {len(pal_files[i])} | {pal_counts_both[i]} |")
    say("")
    say(f"{len(nomap)} of Palisade's {len(df_ids)} Dockerfile rules have no dockerfilelint counterpart; "
        f"{len(PAL_MAPPED)} do. dockerfilelint has {len(MAPPING) + len(DFL_UNMAPPED_NOTES) + 1} rules "
        f"({sum(len(ds) for ds, *_ in MAPPING)} mapped, {len(DFL_UNMAPPED_NOTES)} not). "
        f"Findings in this run: Palisade {sum(pal_counts.values())} (Dockerfile rules), dockerfilelint "
        f"{sum(len(v) for v in dfl_files.values())}.")
    say("")

    # ------------------------------------------------------------------ verdict
    gaps = [(k, e) for k, e in kinds.items() if e["cls"] == CLASS_GAP]
    unk = [(k, e) for k, e in kinds.items() if e["cls"] == CLASS_UNK]
    say("#### Verdict")
    say("")
    total_od = sum(e["n"] for e in kinds.values())
    if not gaps and not unk:
        say(f"**File by file, on the mapped rules, Palisade's findings are a superset of dockerfilelint's true "
            f"findings**: all {total_od} findings that only dockerfilelint reports are its false positives or "
            "differences of semantics (above).")
    else:
        say(f"**Not a superset yet.** Of {total_od} findings of mapped rules that only dockerfilelint reports, "
            f"{sum(e['n'] for _, e in gaps)} are true findings Palisade misses"
            + (f" and {sum(e['n'] for _, e in unk)} are unclassified" if unk else "") + ":")
        say("")
        for (rule, kind), e in gaps + unk:
            say(f"- `{rule}` / {kind}: {e['n']} findings in {len(e['files'])} files, e.g. "
                + ", ".join(f"`{x[0]}:{x[1]}`" for x in e["ex"]) + (f" — {e['why']}" if e["why"] else ""))
    say("")
    loc_gap = {k: n for k, n in loc.items() if loc_cls.get(k) in (CLASS_GAP, CLASS_UNK)}
    if loc_gap:
        say("Instruction by instruction, in files where Palisade does report the rule: "
            + "; ".join(f"`{r}` {k}: {n} (e.g. `{loc_ex[(r, k)]}`)" for (r, k), n in sorted(loc_gap.items()))
            + ". Palisade reports these files on another instruction (for `RUN apt-get update` alone: the RUN that "
              "installs), so a user sees the file flagged, but the instruction dockerfilelint points at is not.")
        say("")
    true_noeq = {r: sum(v for k, v in c.items() if CLASS_TRUE_NOEQ in k) for r, c in unmapped_cls.items()}
    true_noeq = {r: n for r, n in true_noeq.items() if n}
    if true_noeq:
        say("Outside the mapping, dockerfilelint has true findings of rules Palisade does not have: "
            + "; ".join(f"`{r}` {n}" for r, n in true_noeq.items())
            + " (see the table of rules with no Palisade equivalent). They are build correctness and hygiene "
              "checks rather than security checks; the rest of its unmapped findings are style, or its false positives.")
        say("")
    print("\n".join(out))


if __name__ == "__main__":
    sys.exit(main())
