#!/usr/bin/env bash
# Issue 4 peer benchmark: palisade secrets against secretlint (npm, recommended preset) and git-secrets (Debian) on the
# same planted-secrets corpus, plus git history scanning on a generated repository of thousands of commits, in one run.
# Never run by CI or ./test.sh.
#
#   bench/secrets-peer/run.sh         a few minutes: npm ci (peers and the tree), git-secrets from apt if missing,
#                                     build the CLI, corpora, 3 interleaved timed rounds, report
#
# Environment: ROUNDS (3), SEED (20240611), COMMITS (5000).
# Output: the Markdown report is printed and kept in bench/.results/secrets-peer-<UTC time>.md; the tools' raw outputs
# in bench/.results/secrets-peer-<UTC time>/ (git-ignored, like the corpus in bench/.corpus/secrets).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bench="$(cd "$here/.." && pwd)"
repo="$(cd "$bench/.." && pwd)"
cd "$repo"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
results="$bench/.results"
work="$results/secrets-peer-$stamp"
report="$results/secrets-peer-$stamp.md"
corpus="$bench/.corpus/secrets"
mkdir -p "$work" "$corpus"

for tool in node npm python3 dotnet git; do
  command -v "$tool" >/dev/null 2>&1 || { echo "secrets-peer: $tool is required" >&2; exit 2; }
done
if ! git secrets --help >/dev/null 2>&1; then
  echo "secrets-peer: installing git-secrets (apt)..." >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q git-secrets >"$work/apt.log" 2>&1; else sudo apt-get install -y -q git-secrets >"$work/apt.log" 2>&1; fi \
    || { cat "$work/apt.log" >&2; exit 2; }
fi

echo "secrets-peer: npm ci (secretlint and its preset, pinned by package-lock.json)..." >&2
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error >"$work/npm-ci.log" 2>&1) || { cat "$work/npm-ci.log" >&2; exit 2; }
echo "secrets-peer: npm ci (the realistic tree: tree/package.json)..." >&2
(cd "$here/tree" && npm ci --no-audit --no-fund --loglevel=error >"$work/npm-ci-tree.log" 2>&1) || { cat "$work/npm-ci-tree.log" >&2; exit 2; }

echo "secrets-peer: building the CLI (./palisade version)..." >&2
"$repo/palisade" version >"$work/palisade-version.txt" 2>&1 || { cat "$work/palisade-version.txt" >&2; exit 2; }

echo "secrets-peer: generating the corpus in $corpus/tree..." >&2
summary="$(python3 "$here/gen_corpus.py" "$here/tree/node_modules" "$corpus/tree" --seed "${SEED:-20240611}")"
echo "secrets-peer: generating the git history in $corpus/history-repo..." >&2
history="$(python3 "$here/gen_history.py" "$corpus/tree/packages/lodash" "$corpus/history-repo" --commits "${COMMITS:-5000}")"

# git-secrets reads its patterns from git config: a private config file, so that the user's own stays untouched.
gitconfig="$work/gitconfig"
: >"$gitconfig"
GIT_CONFIG_GLOBAL="$gitconfig" GIT_CONFIG_NOSYSTEM=1 git secrets --register-aws --global >/dev/null

echo "secrets-peer: timing and comparing ($summary; $history)..." >&2
{
  echo "### Run $stamp"
  echo
  echo "Command: \`bench/secrets-peer/run.sh\`"
  echo
  python3 "$here/peer.py" --corpus "$corpus/tree" --planted "$corpus/planted.json" --work "$work" \
    --palisade-dll "$repo/artifacts/cli/palisade.dll" --secretlint "$here/node_modules/.bin/secretlint" \
    --secretlintrc "$here/.secretlintrc.json" --gitconfig "$gitconfig" --rounds "${ROUNDS:-3}" \
    --history-repo "$corpus/history-repo" --history-planted "$corpus/history-planted.json"
} >"$report"
cat "$report"
echo "secrets-peer: report in ${report#$repo/}, raw outputs in ${work#$repo/}/" >&2
