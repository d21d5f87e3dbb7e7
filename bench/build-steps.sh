#!/usr/bin/env bash
# Times the steps of building the two default models in a fresh JVM, without the framework (see
# bench/BuildSteps.java). Uses the packaged service (APP, target/quarkus-app by default).
# Usage: bench/build-steps.sh [compile|kept]   (run "compile" once first: it keeps the modules)
set -euo pipefail
cd "$(dirname "$0")/.."
APP=${APP:-target/quarkus-app}
exec java -Xms512m -Xmx1g -cp "$APP/app/*:$APP/lib/main/*:$APP/lib/boot/*" bench/BuildSteps.java "${1:-compile}" "${KEPT_DIR:-target/bench/kept-modules}"
