#!/usr/bin/env python3
"""Builds the git-history corpus of the issue 4 benchmark: a repository with thousands of commits.

A small project (src/, config/, docs/) grows and changes over N commits (default 5000) written with git fast-import,
each changing one to three files with lines of real JavaScript taken from the benchmark tree, on two branches that
are merged back now and then. In some commits a credential is committed and, a few commits later, removed again, so
only the history holds it. Seeded: the same repository on every run.

Writes <repo>/../history-planted.json: per planted secret its provider, file, the commit that added it (sha) and the
secret itself (random, not a credential; kept so that tools whose output names only the line can be matched).
"""
import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_corpus import Gen, plants  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("lines_from", help="a directory of .js files to take realistic lines from")
    ap.add_argument("repo", help="the repository to (re)create")
    ap.add_argument("--commits", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=20240612)
    a = ap.parse_args()
    r = random.Random(a.seed)
    pool = []
    for root, _, files in sorted(os.walk(a.lines_from)):
        for f in sorted(files):
            if f.endswith(".js") and len(pool) < 200_000:
                with open(os.path.join(root, f), errors="replace") as fh:
                    pool.extend(l.rstrip("\n") for l in fh if 0 < len(l) < 160)
    if len(pool) < 1000:
        raise SystemExit("gen_history: too few source lines in " + a.lines_from)
    if os.path.exists(a.repo):
        shutil.rmtree(a.repo)
    subprocess.run(["git", "init", "-q", "-b", "main", a.repo], check=True)
    files = {f"src/module{i:02d}.js": [r.choice(pool) for _ in range(60)] for i in range(40)}
    files.update({f"config/service{i}.yaml": [f"name: service{i}", "replicas: 2", "image: shop/api:1.0"] for i in range(6)})
    g = Gen(a.seed)
    secrets = [p for p in plants(g) if p[1] == "js"]  # one-line secrets, planted into source files
    plant_at = sorted(r.sample(range(50, a.commits - 50), len(secrets)))
    planted, pending_removal, marks = [], {}, {}
    stream = []
    mark = 0
    t0 = 1_600_000_000
    heads = {"main": None, "feature": None}
    for n in range(a.commits):
        branch = "feature" if (n // 100) % 2 == 1 else "main"
        mark += 1
        changed = set()
        note = "update"
        if plant_at and n == plant_at[0]:
            plant_at.pop(0)
            provider, _, line = secrets.pop(0)
            path = r.choice([f for f in files if f.endswith(".js")])
            files[path].insert(r.randrange(len(files[path]) + 1), line)
            changed.add(path)
            secret = max(re.findall(r"[\"']([^\"']+)[\"']", line), key=len)
            planted.append({"provider": provider, "file": path, "mark": mark, "secret": secret})
            pending_removal[n + r.randrange(3, 30)] = (path, line)
            note = "add client configuration"
        if n in pending_removal:
            path, line = pending_removal.pop(n)
            if line in files[path]:
                files[path].remove(line)
                changed.add(path)
                note = "move credentials to the environment"
        for _ in range(r.randrange(1, 4)):
            path = r.choice(list(files))
            body = files[path]
            if path.endswith(".yaml"):
                body.append(f"# revision {n}")
            elif r.random() < 0.6 or len(body) < 20:
                body.insert(r.randrange(len(body) + 1), r.choice(pool))
            else:
                del body[r.randrange(len(body))]
            changed.add(path)
        parents = [heads[branch]] if heads[branch] else ([heads["main"]] if heads["main"] else [])
        if branch == "main" and heads["feature"] and n % 100 == 0:
            parents.append(heads["feature"])  # merge the feature branch back
        when = t0 + n * 3600
        msg = f"{note} ({n})".encode()
        stream.append(f"commit refs/heads/{branch}\nmark :{mark}\n".encode())
        stream.append(f"author Dev {n % 7} <dev{n % 7}@example.io> {when} +0000\ncommitter Dev {n % 7} <dev{n % 7}@example.io> {when} +0000\n".encode())
        stream.append(f"data {len(msg)}\n".encode() + msg + b"\n")
        if parents:
            stream.append(f"from :{parents[0]}\n".encode())
            for extra in parents[1:]:
                stream.append(f"merge :{extra}\n".encode())
        targets = files if not parents else {p: files[p] for p in changed}
        for path, body in targets.items():
            data = ("\n".join(body) + "\n").encode()
            stream.append(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")
        heads[branch] = mark
    marks_file = os.path.abspath(os.path.join(a.repo, "..", "history.marks"))
    subprocess.run(["git", "fast-import", "--quiet", f"--export-marks={marks_file}"], cwd=a.repo, input=b"".join(stream), check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=a.repo, check=True)
    for line in open(marks_file):
        m, sha = line.split()
        marks[int(m[1:])] = sha
    for p in planted:
        p["commit"] = marks[p.pop("mark")]
    with open(os.path.join(os.path.dirname(os.path.abspath(a.repo)), "history-planted.json"), "w") as fh:
        json.dump(planted, fh, indent=1)
    count = subprocess.run(["git", "rev-list", "--all", "--count"], cwd=a.repo, capture_output=True, text=True, check=True).stdout.strip()
    print(f"{count} commits, {len(planted)} planted secrets (each removed again within 30 commits)")


if __name__ == "__main__":
    main()
