#!/usr/bin/env bash
# Installs what the tests need, runs every test project, and ends with one line: "N passed, N failed[, N skipped]".
# Exit status is non-zero when any test failed or a test run could not complete.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

results="$here/TestResults"
rm -rf "$results"
mkdir -p "$results/trx"
export PALISADE_CONFORMANCE_REPORT="$results/conformance.txt"

# --- what the tests need -------------------------------------------------------------------------------------
# JSON-schema validation (SARIF, later CycloneDX/SPDX) uses ajv from npm, pinned in tests/tools/package-lock.json.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "test.sh: node and npm are required (apt-get install nodejs npm)" >&2
  exit 2
fi
if [ ! -d tests/tools/node_modules ] || [ tests/tools/package-lock.json -nt tests/tools/node_modules ]; then
  echo "test.sh: installing tests/tools (npm ci)..." >&2
  (cd tests/tools && npm ci --no-audit --no-fund --loglevel=error) || { echo "test.sh: npm ci failed" >&2; exit 2; }
fi

# Real registries for the image tests: Debian's docker-registry (started by the tests on 127.0.0.1, stopped by PID),
# skopeo to push test images into them, htpasswd (apache2-utils) for the Basic-auth registry; mmdebstrap and umoci
# build the real Debian bookworm image (tests/tools/build-debian-image.sh, cached in ~/.cache/palisade-tests); Debian's
# Go toolchain builds real Go binaries offline (tests/tools/build-go-binaries.sh) and binutils' objcopy links a
# cargo-auditable dependency section into a real executable.
missing=()
for pair in docker-registry:docker-registry skopeo:skopeo apache2-utils:htpasswd mmdebstrap:mmdebstrap umoci:umoci golang-go:go binutils:objcopy; do
  command -v "${pair#*:}" >/dev/null 2>&1 || missing+=("${pair%%:*}")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "test.sh: installing ${missing[*]} (apt)..." >&2
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >"$results/apt.log" 2>&1; then
    $sudo apt-get update -q >>"$results/apt.log" 2>&1
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >>"$results/apt.log" 2>&1 \
      || { cat "$results/apt.log" >&2; echo "test.sh: could not install ${missing[*]}" >&2; exit 2; }
  fi
fi

# --- run every test project ----------------------------------------------------------------------------------
echo "test.sh: building and running all test projects..." >&2
export PALISADE_TRX_DIR="$results/trx"
dotnet test Palisade.sln --nologo --logger "trx" \
  --blame-hang-timeout 15m -- RunConfiguration.TreatNoTestsAsError=false
status=$?

# --- sum the results over all projects -----------------------------------------------------------------------
passed=0 failed=0 skipped=0
shopt -s nullglob
for trx in "$results"/trx/*/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "test.sh: a test run did not complete (dotnet test exited with $status)" >&2
  failed=$((failed + 1))
fi

if [ -s "$PALISADE_CONFORMANCE_REPORT" ]; then
  echo
  echo "Conformance:"
  sed 's/^/  /' "$PALISADE_CONFORMANCE_REPORT"
fi
echo
line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
[ "$failed" -eq 0 ]
