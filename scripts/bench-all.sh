#!/usr/bin/env bash
# Every bench one after another (build first: npm run build), each under a deadline, its output
# kept in BENCH_LOG_DIR, and at the end each one's last line: its ratios to the reference it
# measured in the same run. `--hog` keeps one core busy (stress-ng, or a node busy loop) for the
# whole run: ratios of a run with it and one without should agree within 25%, absolute figures
# need not. The benches' own variables (BENCH_ORDERS, BENCH_MEILI, ...) pass through.
#
#   npm run bench:all                 # every bench at its default scale
#   npm run bench:all -- --hog        # the same with one core kept busy
#   BENCH_ONLY="server meili" npm run bench:all
set -uo pipefail
cd "$(dirname "$0")/.."

hog=false
for arg in "$@"; do
  case "$arg" in
    --hog) hog=true ;;
    *) echo "bench-all: unknown argument $arg (only --hog)" >&2; exit 2 ;;
  esac
done

log_dir=${BENCH_LOG_DIR:-.data/bench/$(date -u +%Y%m%dT%H%M%SZ)$($hog && echo -hog)}
deadline=${BENCH_DEADLINE_SECONDS:-1800}
mkdir -p "$log_dir"

# name, workspace, npm script
benches=(
  "commands @orderlens/command-svc bench:commands"
  "projector @orderlens/projector bench:projector"
  "server @orderlens/server bench:server"
  "request-rules @orderlens/server bench:request-rules"
  "meili @orderlens/meili-stand-in bench:meili"
  "queries @orderlens/query-svc bench:queries"
  "hot-reports @orderlens/query-svc bench:hot-reports"
  "system @orderlens/e2e bench:system"
  "watchers @orderlens/e2e bench:watchers"
  "export @orderlens/e2e bench:export"
  "isolation @orderlens/e2e bench:isolation"
)

hog_pid=""
stop_hog() {
  if [ -n "$hog_pid" ]; then
    kill "$hog_pid" 2>/dev/null
    wait "$hog_pid" 2>/dev/null
    hog_pid=""
  fi
}
trap stop_hog EXIT
if $hog; then
  # On the last core: the benches pin nothing there by default, so every process meets it.
  core=$(($(nproc) - 1))
  if command -v stress-ng >/dev/null; then
    stress-ng --cpu 1 --taskset "$core" --quiet &
  else
    taskset -c "$core" node -e 'for (;;) {}' &
  fi
  hog_pid=$!
  echo "bench-all: a CPU hog (pid $hog_pid) keeps core $core busy"
fi

failed=0
for entry in "${benches[@]}"; do
  read -r name workspace script <<<"$entry"
  if [ -n "${BENCH_ONLY:-}" ] && [[ " $BENCH_ONLY " != *" $name "* ]]; then continue; fi
  echo "bench-all: $script ($(uptime | sed 's/.*load average/load average/'))"
  started=$SECONDS
  timeout --kill-after=30 "$deadline" npm run --silent "$script" -w "$workspace" >"$log_dir/$name.log" 2>&1
  status=$?
  echo "bench-all:   exit $status after $((SECONDS - started)) s, $log_dir/$name.log"
  [ "$status" -eq 0 ] || failed=$((failed + 1))
done
stop_hog

echo
echo "bench-all: last lines ($log_dir)"
for entry in "${benches[@]}"; do
  read -r name _ <<<"$entry"
  [ -f "$log_dir/$name.log" ] && grep -v '^\s*$' "$log_dir/$name.log" | tail -n 1
done
exit $((failed > 0))
