#!/usr/bin/env bash
# Issue 6 benchmark: OSV import rate and match time, on a corpus multiplied from the real OSV records in
# ../shared/conformance/osv (bench/vuln-db/gen_corpus.py). Never run by CI or ./test.sh.
#
#   bench/vuln-db/run.sh      generate (once, cached in bench/.corpus/vuln), import 3 times, cold match 3 times,
#                             warm match with BenchmarkDotNet; report in bench/.results/vuln-db-STAMP.md
#
# Environment: ADVISORIES (200000), PACKAGES (2000).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
advisories="${ADVISORIES:-200000}"
packages="${PACKAGES:-2000}"
corpus="$repo/bench/.corpus/vuln-$advisories-$packages"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
work="$repo/bench/.results/vuln-db-$stamp"
report="$repo/bench/.results/vuln-db-$stamp.md"
mkdir -p "$work"
if [ ! -f "$corpus/sbom.cdx.json" ]; then
  echo "vuln-db: generating $advisories advisories and an SBOM of $packages packages..." >&2
  python3 "$here/gen_corpus.py" --out "$corpus" --advisories "$advisories" --packages "$packages" >&2
fi
"$repo/palisade" version >/dev/null
dotnet build -c Release bench/Palisade.Benchmarks -v q -nologo >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 2; }
bench_dll="$repo/bench/Palisade.Benchmarks/bin/Release/net10.0/Palisade.Benchmarks.dll"
cli=(dotnet "$repo/artifacts/cli/palisade.dll")
{
  echo "### Run $stamp"
  echo
  echo "Command: \`bench/vuln-db/run.sh\` (ADVISORIES=$advisories PACKAGES=$packages), commit $(git rev-parse --short HEAD), $(nproc) cores"
  echo
  echo "Corpus: $(ls "$corpus"/*.zip | wc -l) all.zip archives, $(du -sh "$corpus" | cut -f1)"
  echo
  echo "| import run | wall s | advisories/s (wall) | peak RSS MB |"
  echo "|---|---:|---:|---:|"
  for i in 1 2 3; do
    rm -f "$work/db.sqlite"
    /usr/bin/time -f "%e %M" -o "$work/time-$i.txt" "${cli[@]}" db import --db "$work/db.sqlite" -q "$corpus"/*.zip >"$work/import-$i.txt" 2>&1
    read -r wall rss <"$work/time-$i.txt"
    rate=$(python3 -c "print(int($advisories/$wall))")
    echo "| $i | $wall | $rate | $((rss / 1024)) |"
  done
  echo
  echo "Database: $(du -h "$work/db.sqlite" | cut -f1). Import output: \`$(tail -n 1 "$work/import-3.txt")\`"
  echo
  echo "Cold match (new process; open the database, then match once; JIT included):"
  echo
  for i in 1 2 3; do
    PALISADE_BENCH_VULN_DB="$work/db.sqlite" PALISADE_BENCH_VULN_SBOM="$corpus/sbom.cdx.json" dotnet "$bench_dll" --vuln-cold | sed 's/^/- /'
  done
  echo
  echo "Whole CLI (\`palisade sbom-scan\`, process start to exit):"
  echo
  for i in 1 2 3; do
    /usr/bin/time -f "- %e s wall, %M KB peak RSS" "${cli[@]}" sbom-scan "$corpus/sbom.cdx.json" --db "$work/db.sqlite" -q -f json -o "$work/scan.json" 2>&1 | tail -n 1
  done
  echo
  echo "Warm match (BenchmarkDotNet, in process):"
  echo
  PALISADE_BENCH_VULN_DB="$work/db.sqlite" PALISADE_BENCH_VULN_SBOM="$corpus/sbom.cdx.json" dotnet "$bench_dll" --vuln-warm --artifacts "$work/bdn" >"$work/bdn.log" 2>&1
  grep -E "^\|" "$work/bdn.log" | tail -n 4
} >"$report"
cat "$report"
echo "vuln-db: report in ${report#$repo/}" >&2
