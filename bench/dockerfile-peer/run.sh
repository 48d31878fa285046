#!/usr/bin/env bash
# Issue 3 peer benchmark: Palisade's Dockerfile checks against dockerfilelint (npm) on the same corpus, in one run.
# Never run by CI or ./test.sh.
#
#   bench/dockerfile-peer/run.sh            about a minute: npm ci, build the CLI, corpora, 3 interleaved timed rounds, report
#
# Environment: HADOLINT_CASES (default ../shared/conformance/hadolint/cases.jsonl from the repo), GENERATED (400
# realistic Dockerfiles), SEED (20240603), ROUNDS (3), SCALE (10000: size of a second, generated-only corpus in
# bench/.corpus/dockerfiles-scale that is only timed, so that start-up does not dominate; 0 skips it).
# Output: the Markdown report is printed and kept in bench/.results/dockerfile-peer-<UTC time>.md; the tools' raw
# outputs in bench/.results/dockerfile-peer-<UTC time>/ (all git-ignored, like the corpus in bench/.corpus/dockerfiles).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bench="$(cd "$here/.." && pwd)"
repo="$(cd "$bench/.." && pwd)"
cd "$repo"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

cases="${HADOLINT_CASES:-$(cd "$repo/.." && pwd)/shared/conformance/hadolint/cases.jsonl}"
corpus="$bench/.corpus/dockerfiles"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
results="$bench/.results"
work="$results/dockerfile-peer-$stamp"
report="$results/dockerfile-peer-$stamp.md"
mkdir -p "$work"

[ -f "$cases" ] || { echo "dockerfile-peer: no hadolint cases at $cases (set HADOLINT_CASES)" >&2; exit 2; }
for tool in node npm python3 dotnet; do
  command -v "$tool" >/dev/null 2>&1 || { echo "dockerfile-peer: $tool is required" >&2; exit 2; }
done

echo "dockerfile-peer: npm ci (dockerfilelint, pinned by package-lock.json)..." >&2
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error >"$work/npm-ci.log" 2>&1) \
  || { cat "$work/npm-ci.log" >&2; exit 2; }

echo "dockerfile-peer: building the CLI (./palisade version)..." >&2
"$repo/palisade" version >"$work/palisade-version.txt" 2>&1 || { cat "$work/palisade-version.txt" >&2; exit 2; }

echo "dockerfile-peer: generating the corpus in $corpus..." >&2
summary="$(python3 "$here/gen_corpus.py" "$cases" "$corpus" --generated "${GENERATED:-400}" --seed "${SEED:-20240603}")"

scale_args=()
if [ "${SCALE:-10000}" != 0 ]; then
  scale_summary="$(python3 "$here/gen_corpus.py" "$cases" "$bench/.corpus/dockerfiles-scale" --only-generated --generated "${SCALE:-10000}" --seed "${SEED:-20240603}")"
  scale_args=(--scale-corpus "$bench/.corpus/dockerfiles-scale" --scale-summary "${scale_summary#0 hadolint case files, 0 of them again with a FROM line first, }")
fi

echo "dockerfile-peer: timing and comparing..." >&2
{
  echo "### Run $stamp"
  echo
  echo "Command: \`bench/dockerfile-peer/run.sh\`"
  echo
  python3 "$here/peer.py" --corpus "$corpus" --work "$work" --palisade-dll "$repo/artifacts/cli/palisade.dll" \
    --dfl-dir "$here" --rounds "${ROUNDS:-3}" --corpus-summary "$summary" "${scale_args[@]}"
} >"$report"
cat "$report"
echo "dockerfile-peer: report in ${report#$repo/}, raw outputs in ${work#$repo/}/" >&2
