#!/usr/bin/env bash
# Issue 7 benchmark: Kyverno policy evaluation throughput. The pod-security and best-practices ClusterPolicies of
# ../shared/conformance/kyverno-policies over 5,000 workloads (the library's own test resources copied under new
# names), on one thread: rule evaluations per second per core. Never run by CI or ./test.sh.
#
#   bench/policy/run.sh       counts and a quick timing, then BenchmarkDotNet; report in bench/.results/policy-STAMP.md
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
report="$repo/bench/.results/policy-$stamp.md"
mkdir -p "$repo/bench/.results"
dotnet build -c Release bench/Palisade.Benchmarks -v q -nologo >/dev/null
dll="$repo/bench/Palisade.Benchmarks/bin/Release/net10.0/Palisade.Benchmarks.dll"
{
  echo "### Run $stamp"
  echo
  echo "Command: \`bench/policy/run.sh\`, commit $(git rev-parse --short HEAD), $(nproc) cores"
  echo
  dotnet "$dll" --policy-describe
  echo
  dotnet "$dll" --policy --artifacts "$repo/bench/.results/BenchmarkDotNet.Artifacts" | grep -E '^\|' || true
} | tee "$report"
echo "report: $report" >&2
