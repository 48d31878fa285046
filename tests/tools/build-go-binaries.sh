#!/usr/bin/env bash
# Builds real Go binaries for the Go build-information tests, offline, with Debian's Go toolchain (golang-go):
#   OUT/proxy/              a file-system GOPROXY holding the modules the app needs (nothing is downloaded)
#   OUT/bin/app-linux       module-mode ELF: deps, a module replacement, a local-directory replacement, -X main.version
#   OUT/bin/app-vcs         the same app built inside a git checkout, with no version flag ((devel) + vcs.revision/time)
#   OUT/bin/app-windows.exe PE, and OUT/bin/app-darwin Mach-O, and OUT/bin/app-386 32-bit ELF (cross-compiled)
#   OUT/bin/*.txt           what `go version -m` prints for each binary (the expected values)
# Usage: build-go-binaries.sh OUT
set -euo pipefail
out="$(realpath -m "$1")"
command -v go >/dev/null || { echo "build-go-binaries.sh: go not found (apt-get install golang-go)" >&2; exit 3; }
rm -rf "$out.tmp" && mkdir -p "$out.tmp"
work="$out.tmp"
export GOPATH="$work/gopath" GOCACHE="$work/gocache" GOFLAGS=-mod=mod GOSUMDB=off GONOSUMDB='*' GOPRIVATE= \
       GOPROXY="file://$work/proxy" CGO_ENABLED=0 GOTOOLCHAIN=local HOME="$work"

# module PATH VERSION GOFILE-CONTENT: one module version in the file proxy.
module() {
  local path="$1" version="$2" body="$3"
  local dir="$work/proxy/$path/@v" src="$work/src/$path@$version"
  mkdir -p "$dir" "$src"
  printf 'module %s\n\ngo 1.19\n' "$path" >"$src/go.mod"
  printf '%s\n' "$body" >"$src/lib.go"
  cp "$src/go.mod" "$dir/$version.mod"
  printf '{"Version":"%s","Time":"2024-01-02T03:04:05Z"}\n' "$version" >"$dir/$version.info"
  echo "$version" >>"$dir/list"
  (cd "$work/src" && python3 -c '
import sys, zipfile, os
path, version, zipname = sys.argv[1], sys.argv[2], sys.argv[3]
with zipfile.ZipFile(zipname, "w") as z:
    base = path + "@" + version
    for f in sorted(os.listdir(base)):
        z.write(os.path.join(base, f), base + "/" + f)
' "$path" "$version" "$dir/$version.zip")
}

module example.com/greet v1.2.3 'package greet
func Hello() string { return "hello" }'
module example.com/util v0.4.0-rc.1 'package util
func Twice(s string) string { return s + s }'
module example.com/newcolor v1.1.0 'package color
func Name() string { return "blue" }'

mkdir -p "$work/app/localdep"
cat >"$work/app/localdep/go.mod" <<'EOF'
module example.com/localdep

go 1.19
EOF
cat >"$work/app/localdep/lib.go" <<'EOF'
package localdep

func Value() string { return "local" }
EOF
cat >"$work/app/go.mod" <<'EOF'
module example.com/palisade/testapp

go 1.19

require (
	example.com/greet v1.2.3
	example.com/util v0.4.0-rc.1
	example.com/oldcolor v1.0.0
	example.com/localdep v1.0.0
)

replace example.com/oldcolor v1.0.0 => example.com/newcolor v1.1.0

replace example.com/localdep => ./localdep
EOF
cat >"$work/app/main.go" <<'EOF'
package main

import (
	color "example.com/oldcolor"
	"example.com/greet"
	"example.com/localdep"
	"example.com/util"
)

var version = "unset"

func main() {
	println(util.Twice(greet.Hello()), color.Name(), localdep.Value(), version)
}
EOF
mkdir -p "$work/bin"
cd "$work/app"
go mod tidy >/dev/null 2>&1 || go mod tidy
go build -ldflags "-X main.version=v3.4.5" -o "$work/bin/app-linux" .
GOOS=windows GOARCH=amd64 go build -trimpath -o "$work/bin/app-windows.exe" .
GOOS=darwin GOARCH=arm64 go build -trimpath -o "$work/bin/app-darwin" .
GOOS=linux GOARCH=386 go build -trimpath -o "$work/bin/app-386" .
git init -q . && git -c user.email=t@example.com -c user.name=t add -A && \
  GIT_COMMITTER_DATE='2024-05-06T07:08:09Z' GIT_AUTHOR_DATE='2024-05-06T07:08:09Z' git -c user.email=t@example.com -c user.name=t commit -qm app
go build -buildvcs=true -o "$work/bin/app-vcs" .
for b in "$work"/bin/app-*; do (cd "$work/bin" && go version -m "$(basename "$b")") >"$b.txt"; done
rm -rf "$out" && mkdir -p "$out" && mv "$work/bin" "$out/bin" && mv "$work/proxy" "$out/proxy"
chmod -R u+w "$work" && rm -rf "$work"
echo "$out"
