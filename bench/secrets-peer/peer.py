#!/usr/bin/env python3
"""Times and compares secret scanners on the planted-secrets corpus, in one run (called by run.sh).

Tools, each on the same directory: raw read (every file read once: find | xargs cat > /dev/null), Palisade
(palisade secrets --format json), secretlint with its recommended preset (--format json) and git-secrets
(git secrets --scan -r, with the AWS patterns of git secrets --register-aws). Rounds are interleaved and the median
wall time is reported. Recall counts a planted secret as found when a tool reports a finding in its file on one of
its lines. Prints a Markdown report on stdout.
"""
import argparse
import collections
import json
import os
import statistics
import subprocess
import time


def run(cmd, cwd=None, env=None, out=None):
    start = time.perf_counter()
    with open(out or os.devnull, "wb") as fh:
        p = subprocess.run(cmd, cwd=cwd, env=env, stdout=fh, stderr=subprocess.PIPE)
    return time.perf_counter() - start, p.returncode, p.stderr


def corpus_bytes(root):
    total = 0
    for r, _, files in os.walk(root):
        for f in files:
            full = os.path.join(r, f)
            if not os.path.islink(full):
                total += os.path.getsize(full)
    return total


def palisade_findings(path):
    found = collections.defaultdict(list)
    for t in json.load(open(path))["results"]:
        for f in t.get("findings", []):
            loc = f.get("location") or {}
            found[loc.get("path")].append((loc.get("startLine"), loc.get("endLine") or loc.get("startLine"), f["ruleId"]))
    return found


def secretlint_findings(path, root):
    found = collections.defaultdict(list)
    prefix = root.rstrip("/") + "/"
    for f in json.load(open(path)):
        for m in f.get("messages", []):
            start = m.get("loc", {}).get("start", {}).get("line")
            end = m.get("loc", {}).get("end", {}).get("line") or start
            found[f["filePath"].replace(prefix, "")].append((start, end, m.get("ruleId", "").replace("@secretlint/secretlint-rule-", "")))
    return found


def gitsecrets_findings(stderr):
    found = collections.defaultdict(list)
    for line in stderr.decode(errors="replace").splitlines():
        parts = line.split(":", 2)
        if len(parts) == 3 and parts[1].isdigit():
            path = parts[0][2:] if parts[0].startswith("./") else parts[0]
            found[path].append((int(parts[1]), int(parts[1]), "aws"))
    return found


def hits(found, file, first, last):
    return [x for x in found.get(file, []) if x[0] is not None and x[0] <= last and x[1] >= first]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--planted", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--palisade-dll", required=True)
    ap.add_argument("--secretlint", required=True, help="the secretlint executable")
    ap.add_argument("--secretlintrc", required=True)
    ap.add_argument("--gitconfig", required=True, help="a git config file holding the git-secrets AWS patterns")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--history-repo", help="also time git history scanning on this repository")
    ap.add_argument("--history-planted")
    a = ap.parse_args()
    corpus = os.path.abspath(a.corpus)
    size = corpus_bytes(corpus)
    nfiles = sum(len(f) for _, _, f in os.walk(corpus))
    planted = json.load(open(a.planted))
    gsenv = dict(os.environ, GIT_CONFIG_GLOBAL=os.path.abspath(a.gitconfig), GIT_CONFIG_NOSYSTEM="1")

    tools = {
        "raw read": lambda: run(["sh", "-c", "find . -type f -print0 | xargs -0 cat > /dev/null"], cwd=corpus),
        "Palisade": lambda: run(["dotnet", a.palisade_dll, "secrets", corpus, "--format", "json", "--quiet"],
                                out=os.path.join(a.work, "palisade.json")),
        "secretlint": lambda: run([a.secretlint, "**/*", "--secretlintrc", os.path.abspath(a.secretlintrc), "--format", "json",
                                   "--output", os.path.join(a.work, "secretlint.json")], cwd=corpus),
        "git-secrets": lambda: run(["git", "secrets", "--scan", "-r", "."], cwd=corpus, env=gsenv),
    }
    times = collections.defaultdict(list)
    gs_stderr = b""
    run(["sh", "-c", "find . -type f -print0 | xargs -0 cat > /dev/null"], cwd=corpus)  # warm the page cache
    for _ in range(a.rounds):
        for name, fn in tools.items():
            t, rc, err = fn()
            times[name].append(t)
            if name == "git-secrets":
                gs_stderr = err
            elif rc not in (0, 1):
                raise SystemExit(f"{name} failed with exit code {rc}: {err.decode(errors='replace')[-2000:]}")
    with open(os.path.join(a.work, "git-secrets.txt"), "wb") as fh:
        fh.write(gs_stderr)

    found = {
        "Palisade": palisade_findings(os.path.join(a.work, "palisade.json")),
        "secretlint": secretlint_findings(os.path.join(a.work, "secretlint.json"), corpus),
        "git-secrets": gitsecrets_findings(gs_stderr),
    }
    med = {k: statistics.median(v) for k, v in times.items()}
    mb = size / 1e6
    print(f"Corpus: {nfiles} files, {mb:.0f} MB ({os.path.relpath(corpus)}), {len(planted)} planted secrets of "
          f"{len(set(p['provider'] for p in planted))} kinds. Median of {a.rounds} interleaved rounds, warm page cache, "
          f"{os.cpu_count()} cores.")
    print()
    print("| tool | planted found (recall) | other findings | median wall time | throughput | share of raw read speed | Palisade's speed-up |")
    print("|---|---|---|---|---|---|---|")
    for name in ["raw read", "Palisade", "secretlint", "git-secrets"]:
        t = med[name]
        if name == "raw read":
            print(f"| raw read (`find \\| xargs cat`) | | | {t:.2f} s | {mb / t:.0f} MB/s | 100% | |")
            continue
        f = found[name]
        got = [p for p in planted if hits(f, p["file"], p["first"], p["last"])]
        planted_lines = sum(len(hits(f, p["file"], p["first"], p["last"])) for p in planted)
        other = sum(len(v) for v in f.values()) - planted_lines
        speedup = "" if name == "Palisade" else f"{t / med['Palisade']:.1f}x"
        print(f"| {name} | {len(got)}/{len(planted)} ({100 * len(got) / len(planted):.0f}%) | {other} | {t:.2f} s | "
              f"{mb / t:.0f} MB/s | {100 * med['raw read'] / t:.0f}% | {speedup} |")
    print()
    # What each peer finds that Palisade does not, planted or not.
    for peer in ["secretlint", "git-secrets"]:
        missing = []
        for file, items in found[peer].items():
            for (s, e, rule) in items:
                if not hits(found["Palisade"], file, s, e):
                    missing.append((file, s, rule))
        planted_missing = [m for m in missing if any(p["file"] == m[0] and p["first"] <= m[1] <= p["last"] for p in planted)]
        print(f"- {peer} reports {sum(len(v) for v in found[peer].values())} findings; Palisade reports on the same line for "
              f"all but {len(missing)} ({len(planted_missing)} of them planted).")
        by_rule = collections.Counter(m[2] for m in missing)
        if missing:
            print(f"  Not reported by Palisade, by {peer} rule: " + ", ".join(f"{r} {n}" for r, n in by_rule.most_common()) + ".")
    print()
    print("Planted secrets by kind (P = Palisade, S = secretlint, G = git-secrets):")
    print()
    row = []
    for p in planted:
        mark = "".join(k[0] if hits(found[k], p["file"], p["first"], p["last"]) else "-" for k in ["Palisade", "secretlint", "git-secrets"])
        row.append(f"{p['provider']} {mark.replace('s', 'S').replace('g', 'G')}")
    print(", ".join(row) + ".")
    print()
    print("Raw timings (s): " + "; ".join(f"{k} " + ", ".join(f"{x:.2f}" for x in v) for k, v in times.items()) + ".")
    if a.history_repo:
        history(a, gsenv)


def history(a, gsenv):
    repo = os.path.abspath(a.history_repo)
    planted = json.load(open(a.history_planted))
    commits = subprocess.run(["git", "rev-list", "--all", "--count"], cwd=repo, capture_output=True, text=True, check=True).stdout.strip()
    merges = subprocess.run(["git", "rev-list", "--all", "--merges", "--count"], cwd=repo, capture_output=True, text=True, check=True).stdout.strip()
    out = os.path.join(a.work, "palisade-git.json")
    times = collections.defaultdict(list)
    gs_err = b""
    for _ in range(a.rounds):
        t, rc, err = run(["dotnet", a.palisade_dll, "secrets", repo, "--git", "--format", "json", "--quiet"], out=out)
        if rc not in (0, 1):
            raise SystemExit(f"palisade --git failed ({rc}): {err.decode(errors='replace')[-2000:]}")
        times["Palisade (`secrets --git`)"].append(t)
        t, rc, gs_err = run(["git", "secrets", "--scan-history"], cwd=repo, env=gsenv)
        times["git-secrets (`--scan-history`)"].append(t)
    findings = []
    for t in json.load(open(out))["results"]:
        for f in t.get("findings", []):
            findings.append(((f.get("commit") or {}).get("sha"), (f.get("location") or {}).get("path")))
    pal = [p for p in planted if (p["commit"], p["file"]) in set(findings)]
    gs_text = gs_err.decode(errors="replace")
    gs = [p for p in planted if p["secret"] in gs_text]
    print()
    print(f"Git history: a generated repository of {commits} commits ({merges} merges, two branches; "
          f"`bench/secrets-peer/gen_history.py`) with {len(planted)} secrets each committed and removed again later, "
          f"so that only the history holds them. Median of {a.rounds} interleaved rounds.")
    print()
    print("| tool | planted found (recall) | median wall time | commits per second |")
    print("|---|---|---|---|")
    for name, v in times.items():
        got = pal if name.startswith("Palisade") else gs
        m = statistics.median(v)
        print(f"| {name} | {len(got)}/{len(planted)} ({100 * len(got) / len(planted):.0f}%) | {m:.2f} s | {int(commits) / m:.0f} |")


if __name__ == "__main__":
    main()
