#!/usr/bin/env bash
# Issue 2 benchmark: `palisade config` against YamlDotNet on the same files, on a generated corpus of 10,000
# resources and on every *.yaml/*.yml of the kyverno-policies conformance folder. Never run by CI or ./test.sh.
#
#   bench/run-config-bench.sh             quick mode + BenchmarkDotNet + CLI peak RSS (about 8 minutes on 2 cores)
#   bench/run-config-bench.sh --no-bdn    skip the BenchmarkDotNet part
#   bench/run-config-bench.sh --scaling   also time load/scan/checks on 10k, 20k and 40k generated resources (+2 min)
#
# Environment: KYVERNO_DIR (default ../shared/conformance/kyverno-policies), QUICK_RUNS (9), QUICK_WARMUP (3),
# CLI_RUNS (3). Output: printed, and kept in bench/.results/config-bench-<UTC time>.md (git-ignored).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
cd "$repo"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

run_bdn=1 run_scaling=0
for arg in "$@"; do
  case "$arg" in
    --no-bdn) run_bdn=0 ;;
    --scaling) run_scaling=1 ;;
    *) echo "usage: bench/run-config-bench.sh [--no-bdn] [--scaling]" >&2; exit 2 ;;
  esac
done
kyverno="${KYVERNO_DIR:-$(cd "$repo/.." && pwd)/shared/conformance/kyverno-policies}"
corpus="$here/.corpus/generated"
results="$here/.results"
mkdir -p "$results"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
report="$results/config-bench-$stamp.md"
: >"$report"
say() { printf '%s\n' "$*" | tee -a "$report"; }

command -v /usr/bin/time >/dev/null 2>&1 || apt-get install -y time >/dev/null
[ -d "$kyverno" ] || { echo "run-config-bench: no kyverno-policies folder at $kyverno (set KYVERNO_DIR)" >&2; exit 2; }

# --- build --------------------------------------------------------------------------------------------------
echo "run-config-bench: building the CLI (./palisade version) and the bench project (Release)..." >&2
"$repo/palisade" version >/dev/null
dotnet build "$here/Palisade.Benchmarks/Palisade.Benchmarks.csproj" -c Release --nologo -v quiet >"$results/build.log" 2>&1 \
  || { cat "$results/build.log" >&2; exit 2; }
bench=(dotnet "$here/Palisade.Benchmarks/bin/Release/net10.0/Palisade.Benchmarks.dll")

# --- machine ------------------------------------------------------------------------------------------------
say "## Run $stamp"
say ""
say "- Machine: $(nproc) logical CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.1f GB RAM", $2/1048576}' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME")"
say "- .NET: SDK $(dotnet --version), runtime $(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ {v=$2} END {print v}'); GC: workstation, non-concurrent (as the CLI)"
say "- Commit: $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$repo" diff --quiet HEAD -- src 2>/dev/null || echo ' (src/ has uncommitted changes)')"
say "- Load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"

# --- corpus -------------------------------------------------------------------------------------------------
say "- Generated corpus: $("${bench[@]}" generate "$corpus")"
say "- kyverno-policies: $(find "$kyverno" -type f \( -name '*.yaml' -o -name '*.yml' \) | wc -l) *.yaml/*.yml files, $(find "$kyverno" -type f \( -name '*.yaml' -o -name '*.yml' \) -print0 | du -ch --apparent-size --files0-from=- | tail -1 | cut -f1) under $kyverno"
say ""
export PALISADE_BENCH_CORPUS="$corpus" PALISADE_BENCH_KYVERNO="$kyverno"

# --- quick mode ---------------------------------------------------------------------------------------------
say "### Quick mode (Stopwatch)"
say ""
say "Command: \`dotnet bench/Palisade.Benchmarks/bin/Release/net10.0/Palisade.Benchmarks.dll --quick --warmup ${QUICK_WARMUP:-3} --runs ${QUICK_RUNS:-9}\`"
say ""
"${bench[@]}" --quick --warmup "${QUICK_WARMUP:-3}" --runs "${QUICK_RUNS:-9}" | tee -a "$report"
say ""
say "Load average after quick mode: $(cut -d' ' -f1-3 /proc/loadavg)"
say ""

# --- BenchmarkDotNet ----------------------------------------------------------------------------------------
if [ "$run_bdn" = 1 ]; then
  say "### BenchmarkDotNet (in-process, 3 warmup + 10 iterations, 1 invocation each)"
  say ""
  say "Command: \`dotnet bench/Palisade.Benchmarks/bin/Release/net10.0/Palisade.Benchmarks.dll --bdn\`"
  say ""
  "${bench[@]}" --bdn --artifacts "$results/BenchmarkDotNet.Artifacts" >"$results/bdn-$stamp.log" 2>&1 \
    || { tail -50 "$results/bdn-$stamp.log" >&2; echo "run-config-bench: BenchmarkDotNet run failed (log: $results/bdn-$stamp.log)" >&2; exit 1; }
  sed -n '/^```$/,$p' "$results/BenchmarkDotNet.Artifacts/results/Palisade.Benchmarks.ConfigBenchmarks-report-github.md" | tee -a "$report"
  say ""
  sed -n '/^Ratios from the BenchmarkDotNet means/,$p' "$results/bdn-$stamp.log" | tee -a "$report"
  say ""
  say "Load average after BenchmarkDotNet: $(cut -d' ' -f1-3 /proc/loadavg)"
  say ""
fi

# --- the real CLI: wall time and peak RSS -------------------------------------------------------------------
# The report goes to a file under bench/.results, not to /dev/null: the CLI writes "<output>.tmp-<pid>" and then
# renames it over the output path, so `-o /dev/null` run as root would replace the /dev/null device node.
say "### CLI: \`dotnet artifacts/cli/palisade.dll config --format json -o FILE CORPUS\` under /usr/bin/time -v (${CLI_RUNS:-3} runs each)"
say ""
say "| corpus | run | exit | wall s | peak RSS MB | findings | errors | report MB |"
say "|---|---:|---:|---:|---:|---:|---:|---:|"
for name in generated kyverno; do
  dir="$corpus"
  [ "$name" = kyverno ] && dir="$kyverno"
  for i in $(seq 1 "${CLI_RUNS:-3}"); do
    out="$results/cli-$name.json"
    set +e
    /usr/bin/time -v -o "$results/time-$name-$i.txt" dotnet "$repo/artifacts/cli/palisade.dll" config --format json -o "$out" "$dir" \
      2>"$results/cli-$name-$i.stderr" >/dev/null
    code=$?
    set -e
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for (k=1;k<=n;k++) s=s*60+t[k]; printf "%.2f", s}' "$results/time-$name-$i.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$results/time-$name-$i.txt")
    findings=$(jq '.summary.total' "$out" 2>/dev/null || echo "?")
    errors=$(jq '.summary.errors' "$out" 2>/dev/null || echo "?")
    say "| $name | $i | $code | $wall | $rss | $findings | $errors | $(awk -v b="$(stat -c %s "$out")" 'BEGIN {printf "%.1f", b/1048576}') |"
  done
done
say ""
say "Exit code 2 means some files could not be parsed (the errors column); the scan still covers every other file."
say ""
say "Diagnostic variants of the same CLI command (1 run each): a tiny report (\`-s CRITICAL\`), and the JIT settings."
say ""
say "| corpus | variant | exit | wall s | peak RSS MB | report MB |"
say "|---|---|---:|---:|---:|---:|"
for name in generated kyverno; do
  dir="$corpus"
  [ "$name" = kyverno ] && dir="$kyverno"
  for variant in "as above" "-s CRITICAL" "DOTNET_TieredPGO=0" "DOTNET_TieredCompilation=0"; do
    out="$results/cli-$name-variant.json"
    envs=() flags=()
    case "$variant" in
      -s*) flags=(-s CRITICAL) ;;
      DOTNET_*) envs=("$variant") ;;
    esac
    set +e
    env "${envs[@]}" /usr/bin/time -v -o "$results/time-variant.txt" dotnet "$repo/artifacts/cli/palisade.dll" config --format json "${flags[@]}" -o "$out" "$dir" \
      2>/dev/null >/dev/null
    code=$?
    set -e
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for (k=1;k<=n;k++) s=s*60+t[k]; printf "%.2f", s}' "$results/time-variant.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$results/time-variant.txt")
    say "| $name | $variant | $code | $wall | $rss | $(awk -v b="$(stat -c %s "$out")" 'BEGIN {printf "%.1f", b/1048576}') |"
  done
done
say ""
say "### Load + scan only, no report (\`Palisade.Benchmarks.dll --scan-once CORPUS\` under /usr/bin/time -v, ${CLI_RUNS:-3} runs each)"
say ""
say "| corpus | run | wall s | peak RSS MB | what the process printed |"
say "|---|---:|---:|---:|---|"
for name in generated kyverno; do
  for i in $(seq 1 "${CLI_RUNS:-3}"); do
    line=$(/usr/bin/time -v -o "$results/time-scan-$name-$i.txt" "${bench[@]}" --scan-once "$name")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for (k=1;k<=n;k++) s=s*60+t[k]; printf "%.2f", s}' "$results/time-scan-$name-$i.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$results/time-scan-$name-$i.txt")
    say "| $name | $i | $wall | $rss | $line |"
  done
done
say ""
if [ "$run_scaling" = 1 ]; then
  say "### Scaling (\`Palisade.Benchmarks.dll --scaling\`: medians of 5 runs after 1 warmup; the four checks that grow fastest)"
  "${bench[@]}" --scaling | tee -a "$report"
  say ""
fi
say "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "run-config-bench: results in $report" >&2
