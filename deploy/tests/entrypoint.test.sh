#!/usr/bin/env bash
# Behaviour of deploy/docker-entrypoint.sh outside a container, against a real Pushgateway on
# loopback and a stand-in verifier script:
#  - verify-audit passes the verifier's exit code through;
#  - it pushes the failures counter (incremented across runs) and keeps the last success
#    timestamp when a later run fails — the data contract of the audit-chain alerts;
#  - healthcheck succeeds against a live endpoint and fails against a dead one;
#  - migrate defaults to "latest".
# Usage: bash deploy/tests/entrypoint.test.sh   (needs node and prometheus-pushgateway)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
entrypoint="$here/../docker-entrypoint.sh"
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  # The Pushgateway writes its persistence file on shutdown: wait before removing the folder.
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

passed=0
failed=0
check() { # check <description> <command…>
  local what="$1"; shift
  if "$@"; then passed=$((passed + 1)); echo "  ok   $what"; else failed=$((failed + 1)); echo "  FAIL $what"; fi
}

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

mkdir -p "$work/app/dist/scripts"
# Stand-in verifier: exits with VERIFY_EXIT; stand-in migrator: prints its arguments.
printf 'process.exit(Number(process.env.VERIFY_EXIT || 0));\n' > "$work/app/dist/scripts/verify-audit-chain.js"
printf 'console.log("migrate:" + process.argv.slice(2).join(","));\n' > "$work/app/dist/scripts/migrate.js"

pg_port="$(free_port)"
# Debian's build persists to /var/lib/prometheus by default: keep this instance's state private.
prometheus-pushgateway --web.listen-address="127.0.0.1:$pg_port" --persistence.file="$work/pushgateway.data" \
  >"$work/pushgateway.log" 2>&1 &
pids+=("$!")
for _ in $(seq 1 50); do
  curl -fsS "http://127.0.0.1:$pg_port/-/ready" >/dev/null 2>&1 && break
  sleep 0.1
done

export SMARTCLINIX_APP_DIR="$work/app" PUSHGATEWAY_URL="http://127.0.0.1:$pg_port/"
metric() { # value of a pushed metric for the verifier job, or "absent"
  curl -fsS "http://127.0.0.1:$pg_port/metrics" \
    | awk -v name="$1" '$1 ~ "^"name"\\{" && $1 ~ /job="smartclinix-audit-verifier"/ { print $2; found=1 } END { if (!found) print "absent" }'
}
run_verify() { # run_verify <exit code the verifier returns>; prints the entrypoint's exit code
  local rc=0
  VERIFY_EXIT="$1" sh "$entrypoint" verify-audit >/dev/null 2>&1 || rc=$?
  echo "$rc"
}

echo "entrypoint: verify-audit"
check "a passing verification exits 0" test "$(run_verify 0)" = 0
check "the failures counter is pushed as 0 after a pass" test "$(metric smartclinix_audit_chain_verification_failures_total)" = 0
success_ts="$(metric smartclinix_audit_chain_last_success_timestamp_seconds)"
check "the last-success timestamp is pushed after a pass" test "$success_ts" != absent
sleep 1
check "a broken chain exits non-zero (exit code passed through)" test "$(run_verify 3)" = 3
check "the failures counter increments to 1 after a failure" test "$(metric smartclinix_audit_chain_verification_failures_total)" = 1
check "the last-success timestamp survives a failed run" test "$(metric smartclinix_audit_chain_last_success_timestamp_seconds)" = "$success_ts"
check "a second failure increments the counter to 2" test "$(run_verify 1)-$(metric smartclinix_audit_chain_verification_failures_total)" = "1-2"
check "an unreachable Pushgateway does not mask the verifier's result" \
  test "$(PUSHGATEWAY_URL=http://127.0.0.1:1 run_verify 0)" = 0

echo "entrypoint: healthcheck and dispatch"
api_port="$(free_port)"
node -e 'require("http").createServer((q,s)=>{s.statusCode=q.url==="/healthz"?200:404;s.end()}).listen(Number(process.argv[1]),"127.0.0.1")' "$api_port" &
pids+=("$!")
for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$api_port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
check "healthcheck api passes against a live /healthz" env PORT="$api_port" sh "$entrypoint" healthcheck api
check "healthcheck api fails when nothing listens" bash -c "! env PORT=1 sh '$entrypoint' healthcheck api 2>/dev/null"
check "healthcheck mllp (TCP) passes against a listening port" env MLLP_PORT="$api_port" sh "$entrypoint" healthcheck mllp
check "healthcheck rejects an unknown role" bash -c "! sh '$entrypoint' healthcheck nonsense 2>/dev/null"
check "migrate defaults to 'latest'" test "$(sh "$entrypoint" migrate)" = "migrate:latest"
check "migrate passes 'rollback' through" test "$(sh "$entrypoint" migrate rollback)" = "migrate:rollback"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
