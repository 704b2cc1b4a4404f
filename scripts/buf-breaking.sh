#!/usr/bin/env bash
# The schema-evolution guard: `buf breaking` of proto/ against the last released contracts, read
# from git at the commit named in proto/RELEASED (or the ref given as the first argument).
#
#   bash scripts/buf-breaking.sh            # against proto/RELEASED
#   bash scripts/buf-breaking.sh main~3     # against any git ref
#
# Exit 0: compatible; 100: breaking changes (listed); anything else: could not check.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
buf="$here/node_modules/.bin/buf"
# Tests point the guard at a scratch repository of their own.
cd "${ORDERLENS_REPO_ROOT:-$here}"
ref=${1:-$(grep -v '^#' proto/RELEASED | grep -m1 -E '^[0-9a-f]{7,40}$' || true)}
if [ -z "$ref" ]; then
  echo "buf-breaking: proto/RELEASED names no commit" >&2
  exit 2
fi
if ! git cat-file -e "$ref^{commit}" 2>/dev/null; then
  # A shallow clone may lack the release commit: deepen it once before giving up.
  git fetch --quiet --unshallow 2>/dev/null || git fetch --quiet origin "$ref" 2>/dev/null || true
  git cat-file -e "$ref^{commit}" 2>/dev/null || {
    echo "buf-breaking: the baseline $ref is not in this clone (clone with full history)" >&2
    exit 2
  }
fi
echo "buf-breaking: proto/ against $(git rev-parse --short "$ref^{commit}") (proto/RELEASED)"
set +e
"$buf" breaking proto --against ".git#ref=$(git rev-parse "$ref^{commit}"),subdir=proto"
status=$?
set -e
if [ "$status" = 0 ]; then
  echo "buf-breaking: no breaking change"
else
  echo "buf-breaking: the contracts break the last release (above). Make the change additive, or" \
    "record a deliberate exception in proto/buf.yaml (breaking.ignore_only, with the reason)." >&2
fi
exit "$status"
