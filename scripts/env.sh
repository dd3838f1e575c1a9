# Sourced by the other scripts: puts the project's tools on PATH and points the browser tests at
# Debian's Chromium. Safe to source from an interactive shell too: `source scripts/env.sh`.
_beian_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$_beian_root/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
# wasm-bindgen-test-runner: seconds a browser test run may take (a cold CI machine is slow).
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}"
# The verification models (scripts/bootstrap fetches them; the server and the tests read them):
# a cache outside the repository, shared by every clone on the machine.
export BEIAN_MODELS="${BEIAN_MODELS:-${XDG_CACHE_HOME:-$HOME/.cache}/beian/models}"
unset _beian_root
