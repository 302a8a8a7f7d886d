#!/usr/bin/env bash
# Builds the Pulumi CLI from the Go module proxy at the version of the pinned @pulumi/pulumi, into
# a cache dir kept between runs (CI runs on the machine of the session before it), so only the
# first run pays the build. Prints the pulumi binary's path on stdout; progress on stderr.
# Idempotent: a complete cached build is reused as it is.
#   ECS_PLATFORM_TOOLS_CACHE  cache root (default $XDG_CACHE_HOME or ~/.cache, then /ecs-platform)
#   ENGINE_GO                 the go binary (default: go on PATH, else /usr/local/go/bin/go)
#   ENGINE_BUILD_JOBS         parallel compile jobs (default 1: the machine is shared)
# Why a wrapper module (tools/engine/cli/go.mod) and not `go install ...@v3.248.0`: pkg/v3's
# go.mod has replace directives, which `go install pkg@version` refuses; in a main module of our
# own those replaces are ignored, so the one the build needs (clipboard) is restated there.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
mod="$here/cli"
go="${ENGINE_GO:-$(command -v go || echo /usr/local/go/bin/go)}"
[ -x "$go" ] || { echo "build-cli: no Go toolchain (set ENGINE_GO or put go on PATH)" >&2; exit 2; }

# The CLI must match the SDK the program runs with; a drift between the two pins is an error here,
# not a surprise in the engine run.
version="$(sed -n 's/^\t*github.com\/pulumi\/pulumi\/pkg\/v3 \(v[0-9.]*\).*/\1/p' "$mod/go.mod")"
sdk="$(sed -n 's/^\t*github.com\/pulumi\/pulumi\/sdk\/v3 \(v[0-9.]*\).*/\1/p' "$mod/go.mod")"
npm_pin="v$(node -p "require('$repo/package.json').dependencies['@pulumi/pulumi']")"
if [ "$version" != "$npm_pin" ] || [ "$sdk" != "$npm_pin" ]; then
    echo "build-cli: tools/engine/cli/go.mod pins pkg $version / sdk $sdk, package.json pins @pulumi/pulumi $npm_pin" >&2
    exit 2
fi

root="${ECS_PLATFORM_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ecs-platform}"
dir="$root/pulumi-${version#v}"
bin="$dir/bin/pulumi"
# The marker is written last: a binary without it is a half-finished build and is rebuilt.
if [ -x "$bin" ] && [ -f "$dir/.complete" ]; then
    echo "$bin"
    exit 0
fi
mkdir -p "$root"
# Serialise concurrent builds (CI beside a developer's test run) on one lock per version.
exec 9>"$dir.lock"
flock 9
if [ -x "$bin" ] && [ -f "$dir/.complete" ]; then
    echo "$bin"
    exit 0
fi
echo "build-cli: building pulumi $version from the Go module proxy into $dir (first time only; minutes)" >&2
rm -rf "$dir"
mkdir -p "$dir/bin"
start=$(date +%s)
# GOTOOLCHAIN=local: use the installed Go, never download another toolchain; -trimpath and
# -buildvcs=false so the binary does not depend on where this checkout lives.
(
    cd "$mod"
    GOTOOLCHAIN=local GOFLAGS="-mod=readonly -buildvcs=false" nice -n 19 "$go" build \
        -p "${ENGINE_BUILD_JOBS:-1}" -trimpath \
        -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$version" \
        -o "$bin.partial" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
) >&2
mv "$bin.partial" "$bin"
got="$("$bin" version)"
[ "$got" = "$version" ] || { echo "build-cli: built binary reports $got, expected $version" >&2; exit 1; }
echo "build-cli: built $bin ($got, $(du -h "$bin" | cut -f1)) in $(($(date +%s) - start)) s" >&2
touch "$dir/.complete"
echo "$bin"
