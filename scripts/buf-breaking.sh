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
# proto/ is a workspace: our contracts (orderlens/) and the vendored files they import (vendor/,
# see proto/buf.yaml), and a release may predate the vendored module. Both sides are built into
# images of the orderlens/ files alone (imports excluded from the check), so the comparison is
# about our contracts whatever the module layout of either side; buf.yaml still gives the rules.
images=$(mktemp -d)
trap 'rm -rf "$images"' EXIT
"$buf" build ".git#ref=$(git rev-parse "$ref^{commit}"),subdir=proto" --path orderlens \
  -o "$images/released.binpb"
"$buf" build proto --path proto/orderlens -o "$images/current.binpb"
set +e
"$buf" breaking "$images/current.binpb" --against "$images/released.binpb" \
  --config proto/buf.yaml --exclude-imports
status=$?
set -e
if [ "$status" = 0 ]; then
  echo "buf-breaking: no breaking change"
else
  echo "buf-breaking: the contracts break the last release (above). Make the change additive, or" \
    "record a deliberate exception in proto/buf.yaml (breaking.ignore_only, with the reason)." >&2
fi
exit "$status"
