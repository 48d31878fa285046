#!/usr/bin/env python3
"""Times palisade sbom, cdxgen and trivy-cdxgen on one Debian image (called by run.sh); prints a Markdown report.

Each tool runs under /usr/bin/time (wall time, peak RSS), rounds interleaved, medians reported. The Debian package
set each SBOM lists (purls pkg:deb/debian/NAME@VERSION) is compared with `dpkg-query -W` of the image's rootfs.
"""
import argparse
import json
import os
import statistics
import subprocess
import urllib.parse


def timed(cmd, cwd=None):
    p = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    last = p.stderr.strip().splitlines()[-1]
    wall, rss = last.split()
    if p.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed ({p.returncode}): {p.stderr[-2000:]}")
    return float(wall), int(rss) / 1024


def deb_set(bom_path):
    doc = json.load(open(bom_path))
    out = set()
    for c in doc.get("components", []):
        purl = c.get("purl", "")
        if not purl.startswith("pkg:deb/"):
            continue
        path, _, query = purl.split("#")[0].partition("?")
        name_ver = path.rsplit("/", 1)[-1]
        name, _, ver = name_ver.partition("@")
        ver = urllib.parse.unquote(ver)
        # The epoch may be in the version (syft, Palisade: 1%3A2.38) or in an "epoch" qualifier (Trivy: ?epoch=1).
        epoch = urllib.parse.parse_qs(query).get("epoch", [""])[0]
        if epoch and ":" not in ver:
            ver = f"{epoch}:{ver}"
        out.add((urllib.parse.unquote(name), ver))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--image", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--palisade-dll", required=True)
    ap.add_argument("--cdxgen", required=True)
    ap.add_argument("--trivy", required=True)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    img = os.path.abspath(a.image)
    archive = os.path.join(img, "bookworm.tar")
    rootfs = os.path.join(img, "rootfs")
    expected = set()
    for line in open(os.path.join(img, "dpkg-query.txt")):
        parts = line.rstrip("\n").split("\t")
        if len(parts) >= 2:
            expected.add((parts[0], parts[1]))
    size = os.path.getsize(archive)
    out = lambda name: os.path.join(a.work, name)
    tools = {
        "Palisade (docker-archive)": ["dotnet", a.palisade_dll, "sbom", "docker-archive:" + archive, "-o", "cyclonedx-json=" + out("palisade-archive.cdx.json"), "-q"],
        "Palisade (OCI layout)": ["dotnet", a.palisade_dll, "sbom", "oci:" + os.path.join(img, "layout") + ":bookworm", "-o", "cyclonedx-json=" + out("palisade-layout.cdx.json"), "-q"],
        "Palisade (unpacked rootfs)": ["dotnet", a.palisade_dll, "sbom", "dir:" + rootfs, "-o", "cyclonedx-json=" + out("palisade-rootfs.cdx.json"), "-q"],
        "trivy-cdxgen (unpacked rootfs)": [a.trivy, "rootfs", "--quiet", "--output", out("trivy.cdx.json"), rootfs],
        "cdxgen (docker-archive)": [a.cdxgen, "-t", "docker", archive, "-o", out("cdxgen.cdx.json")],
    }
    results = {k: [] for k in tools}
    for _ in range(a.rounds):
        for name, cmd in tools.items():
            results[name].append(timed(cmd, cwd=a.work))
    files = {"Palisade (docker-archive)": "palisade-archive.cdx.json", "Palisade (OCI layout)": "palisade-layout.cdx.json",
             "Palisade (unpacked rootfs)": "palisade-rootfs.cdx.json", "trivy-cdxgen (unpacked rootfs)": "trivy.cdx.json",
             "cdxgen (docker-archive)": "cdxgen.cdx.json"}
    print(f"Image: Debian bookworm minbase plus {os.environ.get('INCLUDE', 'the default INCLUDE list')}: docker-archive of {size / 1e9:.2f} GB, "
          f"{len(expected)} Debian packages by `dpkg-query -W`. Median of {a.rounds} interleaved rounds; {os.cpu_count()} cores.")
    print()
    print("Package sets compare (name, version) of the pkg:deb components with `dpkg-query -W`; \"extra\" counts deb components that are not installed binary packages (cdxgen also lists source packages).")
    print()
    print("| tool | Debian packages (name, version) equal to dpkg-query | missing | extra | median wall time | median peak RSS |")
    print("|---|---|---|---|---|---|")
    for name in tools:
        got = deb_set(out(files[name]))
        missing = expected - got
        extra = got - expected
        wall = statistics.median(r[0] for r in results[name])
        rss = statistics.median(r[1] for r in results[name])
        print(f"| {name} | {'yes' if not missing and not extra else 'no'} | {len(missing)} | {len(extra)} | {wall:.2f} s | {rss:.0f} MB |")
    print()
    print("Raw (wall s, RSS MB): " + "; ".join(f"{k}: " + ", ".join(f"{w:.2f}/{r:.0f}" for w, r in v) for k, v in results.items()) + ".")


if __name__ == "__main__":
    main()
