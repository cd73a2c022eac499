#!/bin/sh
# SmartClinix image entrypoint: one image, one role per container.
#
#   smartclinix api | worker | mllp            long-running services (exec'd, so node is PID 1
#                                              and receives SIGTERM directly for graceful drain)
#   smartclinix migrate [latest|rollback]      database migrations (owner connection)
#   smartclinix verify-audit [args…]           audit-chain verifier; pushes its outcome to the
#                                              Pushgateway when PUSHGATEWAY_URL is set
#   smartclinix healthcheck [api|worker|mllp]  probe used by the image HEALTHCHECK; without a
#                                              role it reads the role from PID 1's command line
#   smartclinix <anything else>                exec'd as given (node, sh, …)
set -eu

APP_DIR="${SMARTCLINIX_APP_DIR:-/app}"
cd "$APP_DIR"

# Pushes the verifier's outcome. The failures counter is read back from the Pushgateway and
# incremented, so it stays a real counter across CronJob runs and `increase()` works on it.
# POST (not PUT) keeps last_success from an earlier run when this run failed.
push_audit_metrics() {
  node -e '
    const status = Number(process.argv[1]);
    const base = process.env.PUSHGATEWAY_URL.replace(/\/+$/, "");
    const job = "smartclinix-audit-verifier";
    const name = "smartclinix_audit_chain_verification_failures_total";
    const timeout = () => AbortSignal.timeout(5000);
    (async () => {
      const current = await fetch(base + "/metrics", { signal: timeout() });
      if (!current.ok) throw new Error("pushgateway answered " + current.status);
      const line = (await current.text()).split("\n")
        .find((l) => l.startsWith(name + "{") && l.includes("job=\"" + job + "\""));
      const previous = line ? Number(line.trim().split(/\s+/).pop()) || 0 : 0;
      const now = Math.floor(Date.now() / 1000);
      let body = "# TYPE " + name + " counter\n" + name + " " + (previous + (status === 0 ? 0 : 1)) + "\n"
        + "# TYPE smartclinix_audit_chain_last_run_timestamp_seconds gauge\n"
        + "smartclinix_audit_chain_last_run_timestamp_seconds " + now + "\n";
      if (status === 0) {
        body += "# TYPE smartclinix_audit_chain_last_success_timestamp_seconds gauge\n"
          + "smartclinix_audit_chain_last_success_timestamp_seconds " + now + "\n";
      }
      const pushed = await fetch(base + "/metrics/job/" + job, {
        method: "POST", body, headers: { "content-type": "text/plain; version=0.0.4" }, signal: timeout(),
      });
      if (!pushed.ok) throw new Error("pushgateway answered " + pushed.status);
    })().catch((err) => { console.error("audit metrics push failed: " + err.message); process.exit(1); });
  ' "$1"
}

verify_audit() {
  status=0
  node dist/scripts/verify-audit-chain.js "$@" || status=$?
  if [ -n "${PUSHGATEWAY_URL:-}" ]; then
    # A failed push must not hide the verification result; the staleness alert covers it.
    push_audit_metrics "$status" || true
  fi
  exit "$status"
}

healthcheck() {
  role="${1:-}"
  if [ -z "$role" ]; then
    case "$(tr '\0' ' ' < /proc/1/cmdline)" in
      *dist/src/api/main.js*) role=api ;;
      *dist/src/worker/main.js*) role=worker ;;
      *dist/src/lab-results/mllp/main.js*) role=mllp ;;
      *) exit 0 ;; # one-shot commands (migrate, verify-audit) have nothing to probe
    esac
  fi
  case "$role" in
    api) target="http://127.0.0.1:${PORT:-3000}/healthz" ;;
    worker) target="http://127.0.0.1:${METRICS_PORT:-9465}/healthz" ;;
    mllp) target="tcp://127.0.0.1:${MLLP_PORT:-2575}" ;;
    *) echo "healthcheck: unknown role '$role'" >&2; exit 2 ;;
  esac
  exec node -e '
    const target = new URL(process.argv[1]);
    const fail = (why) => { console.error("unhealthy: " + why); process.exit(1); };
    if (target.protocol === "tcp:") {
      const socket = require("node:net").connect(Number(target.port), target.hostname);
      socket.setTimeout(3000, () => fail("timeout"));
      socket.on("connect", () => { socket.end(); process.exit(0); });
      socket.on("error", (err) => fail(err.code || err.message));
    } else {
      fetch(target, { signal: AbortSignal.timeout(3000) })
        .then((res) => (res.ok ? process.exit(0) : fail("HTTP " + res.status)))
        .catch((err) => fail(err.cause?.code || err.message));
    }
  ' "$target"
}

role="${1:-api}"
[ "$#" -gt 0 ] && shift

case "$role" in
  api) exec node dist/src/api/main.js "$@" ;;
  worker) exec node dist/src/worker/main.js "$@" ;;
  mllp) exec node dist/src/lab-results/mllp/main.js "$@" ;;
  migrate)
    [ "$#" -eq 0 ] && set -- latest
    exec node dist/scripts/migrate.js "$@"
    ;;
  verify-audit) verify_audit "$@" ;;
  healthcheck) healthcheck "$@" ;;
  *) exec "$role" "$@" ;;
esac
