#!/usr/bin/env bash
# `npm run test:engine`: the engine specs (tests/engine/*.engine.ts) against the Pulumi CLI built
# by build-cli.sh (cached: only the first run on a machine builds it, ~8 min on 2 cores). Not part
# of `npm test`, which never needs the CLI. With no Go toolchain and no cached CLI there is nothing
# to run the engine with: that is printed as a skip (exit 0), never hidden.
set -euo pipefail
cd "$(dirname "$0")/../.."
go="${ENGINE_GO:-$(command -v go || echo /usr/local/go/bin/go)}"
version="$(node -p "require('./package.json').dependencies['@pulumi/pulumi']")"
cache="${ECS_PLATFORM_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ecs-platform}/pulumi-$version"
if [ ! -x "$go" ] && [ ! -f "$cache/.complete" ]; then
    echo "test:engine: SKIPPED: no Go toolchain ($go) and no cached Pulumi CLI in $cache; install Go >= 1.25 to build it (tools/engine/build-cli.sh)"
    exit 0
fi
ENGINE_PULUMI_BIN="$(bash tools/engine/build-cli.sh)"
export ENGINE_PULUMI_BIN
echo "test:engine: $("$ENGINE_PULUMI_BIN" version) at $ENGINE_PULUMI_BIN" >&2
rm -f .engine/dev.json .engine/test.json .engine/prod.json .engine/consumer.json
# In order of value: the policy verdict of every stack first, then dev's life cycle, the stack
# reference consumer, and prod's protected resources.
exec npx mocha --timeout 0 tests/engine/preview.engine.ts tests/engine/lifecycle.engine.ts \
    tests/engine/references.engine.ts tests/engine/protect.engine.ts tests/engine/features.engine.ts "$@"
