#!/usr/bin/env python3
"""Multiplies the real OSV records in ../shared/conformance/osv into a large corpus in OSV's own distribution format
(one all.zip per ecosystem, one ID.json per advisory), and writes an SBOM of packages that hit it.

Usage: gen_corpus.py --out DIR [--advisories 200000] [--packages 2000]

Every generated record is a real record with a new id (ID-Xn) and, from the second copy on, its package names suffixed
(-xN) so that lookups spread over many names, as in a real database; ranges, severities, aliases and the rest stay as
they are. The SBOM (CycloneDX 1.6 JSON) lists --packages packages: half of them affected names at versions inside a
range, half names with no advisory."""
import argparse, json, os, sys, zipfile, copy, glob

def real_records(root):
    records = []
    for path in sorted(glob.glob(os.path.join(root, "golang-vulndb", "data", "osv", "*.json"))):
        records.append(json.load(open(path, encoding="utf-8")))
    try:
        import yaml  # PyPA records are YAML; optional
        for path in sorted(glob.glob(os.path.join(root, "pypa-advisory-database", "vulns", "*", "*.yaml"))):
            records.append(yaml.safe_load(open(path, encoding="utf-8")))
    except ImportError:
        pass
    for path in sorted(glob.glob(os.path.join(root, "osv.dev", "gcp", "website", "testdata", "osv", "*.json"))):
        r = json.load(open(path, encoding="utf-8"))
        ecosystems = [a.get("package", {}).get("ecosystem") for a in r.get("affected", [])]
        # Skip osv.dev's synthetic test records (ecosystems "Ecosystem1".."3").
        if ecosystems and all(e and not e.startswith("Ecosystem") for e in ecosystems):
            records.append(r)
    return [r for r in records if r.get("id") and r.get("affected")]

def stringify_dates(o):
    if isinstance(o, dict):
        return {k: stringify_dates(v) for k, v in o.items()}
    if isinstance(o, list):
        return [stringify_dates(v) for v in o]
    if hasattr(o, "isoformat"):
        return o.isoformat().replace("+00:00", "Z")
    return o

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--advisories", type=int, default=200_000)
    ap.add_argument("--packages", type=int, default=2_000)
    ap.add_argument("--osv", default=os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "conformance", "osv"))
    a = ap.parse_args()
    base = [stringify_dates(r) for r in real_records(a.osv)]
    if not base:
        sys.exit("gen_corpus: no records found under " + a.osv)
    os.makedirs(a.out, exist_ok=True)
    zips, hits = {}, []
    for i in range(a.advisories):
        r = copy.deepcopy(base[i % len(base)])
        copy_no = i // len(base)
        r["id"] = f'{r["id"]}-X{i}'
        r["aliases"] = [f"{x}-X{i}" for x in r.get("aliases", [])]
        for aff in r["affected"]:
            pkg = aff["package"]
            if copy_no:
                pkg["name"] = f'{pkg["name"]}-x{copy_no}'
            pkg.pop("purl", None)
        eco = r["affected"][0]["package"]["ecosystem"].split(":")[0]
        if eco not in zips:
            zips[eco] = zipfile.ZipFile(os.path.join(a.out, f"{eco}-all.zip"), "w", zipfile.ZIP_DEFLATED)
        zips[eco].writestr(r["id"] + ".json", json.dumps(r))
        if len(hits) < a.packages // 2:
            aff = r["affected"][0]
            version = next((v for v in aff.get("versions", [])), None)
            for rng in aff.get("ranges", []):
                intro = next((e["introduced"] for e in rng.get("events", []) if "introduced" in e and e["introduced"] != "0"), None)
                if version is None and intro is not None and rng.get("type") != "GIT":
                    version = intro
            if version and aff["package"]["ecosystem"] in ("Go", "PyPI"):
                hits.append((aff["package"]["ecosystem"], aff["package"]["name"], version))
    for z in zips.values():
        z.close()
    purl_type = {"Go": "golang", "PyPI": "pypi"}
    components = []
    for eco, name, version in hits:
        v = version if eco != "Go" or version.startswith("v") else "v" + version
        ns, _, last = name.rpartition("/")
        purl = f"pkg:{purl_type[eco]}/{name}@{v}" if eco != "Go" else f"pkg:golang/{name}@{v}"
        components.append({"type": "library", "name": name, "version": v, "purl": purl})
    for i in range(a.packages - len(components)):
        components.append({"type": "library", "name": f"unaffected-{i}", "version": "1.0.0", "purl": f"pkg:pypi/unaffected-{i}@1.0.0"})
    sbom = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": components}
    json.dump(sbom, open(os.path.join(a.out, "sbom.cdx.json"), "w"))
    print(f"gen_corpus: {a.advisories} advisories from {len(base)} real records in {len(zips)} archives; SBOM of {len(components)} packages ({len(hits)} affected)")

if __name__ == "__main__":
    main()
