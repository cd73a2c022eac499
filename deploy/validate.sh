#!/usr/bin/env bash
# Validates everything under deploy/ and .github/ offline, from a fresh clone after `npm ci`.
#
#   bash deploy/validate.sh
#
# Provisions its validators idempotently: Debian packages (promtool, Pushgateway, shellcheck)
# with apt-get when missing, Go tools with `go install` into $SMARTCLINIX_CACHE_DIR/bin
# (default ~/.cache/smartclinix/bin, outside the clone), each in a versioned folder so a cached
# build is reused. Every check runs even after an earlier one failed; the exit status is
# non-zero when any failed. Runs in well under a minute with warm caches.
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT" || exit 1
DEPLOY="$ROOT/deploy"
CACHE="${SMARTCLINIX_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/smartclinix}"
BIN="$CACHE/bin"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

KUSTOMIZE_VERSION=v5.8.1
ACTIONLINT_VERSION=v1.7.12
# The newest docker/compose v2 release whose go.mod has no replace/exclude directives, so that
# `go install` accepts it; `config` needs no Docker engine.
COMPOSE_VERSION=v2.33.1
HCLFMT_VERSION=v2.24.0

if [ -t 1 ]; then RED=$'\e[31m'; GREEN=$'\e[32m'; BOLD=$'\e[1m'; RESET=$'\e[0m'; else RED=; GREEN=; BOLD=; RESET=; fi
results=()
failed=0
started_all=$(date +%s%N)
seconds_since() { # seconds_since <start in ns> → "12.3"
  local ms=$(( ($(date +%s%N) - $1) / 1000000 ))
  printf '%d.%d' $((ms / 1000)) $(((ms % 1000) / 100))
}

step() { # step <name> <command…>: runs one check, records its outcome and duration
  local name="$1"; shift
  local t0 rc secs
  printf '%s▶ %s%s\n' "$BOLD" "$name" "$RESET"
  t0=$(date +%s%N)
  "$@"
  rc=$?
  secs=$(seconds_since "$t0")
  if [ "$rc" -eq 0 ]; then
    results+=("${GREEN}ok  ${RESET} ${secs}s  $name")
  else
    results+=("${RED}FAIL${RESET} ${secs}s  $name")
    failed=$((failed + 1))
  fi
}

# ------------------------------------------------------------------ provisioning
apt_install() { # apt_install <command> <package>: installs a Debian package when the command is missing
  command -v "$1" >/dev/null 2>&1 && return 0
  local as_root=()
  # root here and in CI; GitHub runners use passwordless sudo.
  [ "$(id -u)" -eq 0 ] || as_root=(sudo -n)
  if ! command -v apt-get >/dev/null || { [ "${#as_root[@]}" -gt 0 ] && ! sudo -n true 2>/dev/null; }; then
    echo "missing $1: install the Debian package $2" >&2
    return 1
  fi
  echo "installing $2 (apt-get)"
  if ! "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$2" >/dev/null 2>&1; then
    "${as_root[@]}" apt-get update >/dev/null 2>&1 \
      && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$2" >/dev/null
  fi
}

go_tool() { # go_tool <name> <module/cmd path> <version> [binary built]: echoes the cached binary path
  local name="$1" pkg="$2" version="$3" built="${4:-$1}"
  local dir="$BIN/$name-$version"
  if [ ! -x "$dir/$name" ]; then
    command -v go >/dev/null || { echo "go is required to build $name" >&2; return 1; }
    echo "building $name $version (go install, cached in $dir)" >&2
    GOBIN="$dir" GOFLAGS=-buildvcs=false go install "$pkg@$version" >&2 || return 1
    [ "$built" = "$name" ] || mv "$dir/$built" "$dir/$name"
  fi
  echo "$dir/$name"
}

provision() {
  local ok=0
  for pair in promtool:prometheus prometheus-pushgateway:prometheus-pushgateway shellcheck:shellcheck openssl:openssl curl:curl; do
    apt_install "${pair%%:*}" "${pair#*:}" || ok=1
  done
  KUSTOMIZE=$(go_tool kustomize sigs.k8s.io/kustomize/kustomize/v5 "$KUSTOMIZE_VERSION") || ok=1
  ACTIONLINT=$(go_tool actionlint github.com/rhysd/actionlint/cmd/actionlint "$ACTIONLINT_VERSION") || ok=1
  COMPOSE=$(go_tool docker-compose github.com/docker/compose/v2/cmd "$COMPOSE_VERSION" cmd) || ok=1
  if command -v terraform >/dev/null; then
    HCL_FORMAT=(terraform fmt -check -recursive -diff)
  else
    local hclfmt
    hclfmt=$(go_tool hclfmt github.com/hashicorp/hcl/v2/cmd/hclfmt "$HCLFMT_VERSION") || ok=1
    HCL_FORMAT=("$hclfmt" -require-no-change)
  fi
  [ -x node_modules/.bin/tsx ] || { echo "run npm ci first (node_modules/.bin/tsx missing)" >&2; ok=1; }
  echo "promtool $(promtool --version 2>&1 | awk 'NR==1{print $3}'), kustomize $KUSTOMIZE_VERSION, actionlint $ACTIONLINT_VERSION, compose $COMPOSE_VERSION, shellcheck $(shellcheck --version | awk '/^version/{print $2}'), ${HCL_FORMAT[0]}"
  return "$ok"
}

tsx() { node_modules/.bin/tsx "$@"; }

# ------------------------------------------------------------------ checks
check_shell() {
  mapfile -t scripts < <(find deploy -name '*.sh' -not -path '*/node_modules/*')
  shellcheck -x "${scripts[@]}" && echo "${#scripts[@]} shell scripts clean"
}

check_tools_typecheck() {
  node_modules/.bin/tsc --noEmit -p deploy/tools/tsconfig.json && echo "deploy/tools typechecks"
}

check_dockerfile() {
  tsx deploy/tools/check-dockerfile.ts || return 1
  if command -v hadolint >/dev/null; then hadolint deploy/Dockerfile; else echo "hadolint not installed (no Debian/Go package); it runs in GitHub CI"; fi
}

check_compose() {
  local dir="$DEPLOY/compose"
  "$COMPOSE" -f "$dir/docker-compose.yml" --env-file "$dir/.env.example" config --quiet || return 1
  "$COMPOSE" -f "$dir/docker-compose.yml" --env-file "$dir/.env.example" config --format json > "$WORK/compose.json" || return 1
  # Without an env file every secret is missing: the file must refuse to render.
  if (cd "$WORK" && "$COMPOSE" -f "$dir/docker-compose.yml" --project-directory "$dir" --env-file /dev/null config --quiet 2> "$WORK/noenv.err"); then
    echo "docker compose config succeeded without secrets; required variables are not enforced"; return 1
  fi
  grep -q "required variable" "$WORK/noenv.err" || { cat "$WORK/noenv.err"; return 1; }
  tsx deploy/tools/check-compose.ts "$WORK/compose.json" || return 1
  # Prometheus config as Compose mounts it (rules next to it).
  mkdir -p "$WORK/prometheus/rules"
  cp "$dir/prometheus/prometheus.yml" "$WORK/prometheus/" && cp deploy/monitoring/rules/*.yml "$WORK/prometheus/rules/"
  promtool check config "$WORK/prometheus/prometheus.yml" || return 1
  bash "$dir/scripts/gen-certs.sh" "$WORK/certs" >/dev/null || return 1
  openssl verify -CAfile "$WORK/certs/ca.pem" "$WORK/certs/server.pem" "$WORK/certs/client.pem"
}

check_entrypoint() {
  bash deploy/tests/entrypoint.test.sh
}

check_rules() {
  promtool check rules deploy/monitoring/rules/*.yml || return 1
  (cd deploy/monitoring/tests && promtool test rules ./*.test.yml)
}

check_monitoring_contract() {
  tsx deploy/tools/check-monitoring.ts "$WORK/dashboard-queries.rules.yml" || return 1
  promtool check rules "$WORK/dashboard-queries.rules.yml" >/dev/null && echo "dashboard PromQL parses (promtool)" || return 1
  tsx deploy/tools/sync-monitoring.ts --check || return 1
  node -e 'const y=require("yaml");for(const f of process.argv.slice(1)){y.parse(require("fs").readFileSync(f,"utf8"))}' \
    deploy/monitoring/grafana/provisioning/*/*.yml && echo "grafana provisioning YAML parses"
}

check_kubernetes() {
  local target ok=0
  for target in base overlays/dev overlays/prod; do
    "$KUSTOMIZE" build "deploy/k8s/$target" > "$WORK/$(basename "$target").yaml" || ok=1
  done
  [ "$ok" -eq 0 ] || return 1
  tsx deploy/tools/validate-k8s.ts base="$WORK/base.yaml" dev="$WORK/dev.yaml" prod="$WORK/prod.yaml" || return 1
  tsx deploy/tools/check-helm-values.ts
}

check_terraform() {
  local files=()
  # terraform fmt -recursive finds the files itself; hclfmt needs them listed.
  [ "${HCL_FORMAT[0]}" = terraform ] || mapfile -t files < <(find deploy/terraform -name '*.tf')
  (cd deploy/terraform && "${HCL_FORMAT[@]}" "${files[@]/#deploy\/terraform\//}" >/dev/null 2>"$WORK/fmt.err") \
    || { cat "$WORK/fmt.err"; echo "terraform files are not formatted: run terraform fmt -recursive deploy/terraform"; return 1; }
  echo "terraform formatting ok (${HCL_FORMAT[0]}); terraform validate needs the AWS provider and runs in GitHub CI"
  tsx deploy/tools/check-terraform.ts
}

check_workflows() {
  local workflows=(.github/workflows/*.yml)
  "$ACTIONLINT" -shellcheck="$(command -v shellcheck)" "${workflows[@]}" && echo "${#workflows[@]} workflows clean (actionlint + shellcheck)"
}

# ------------------------------------------------------------------ run
step "provision validators" provision || true
if [ "$failed" -gt 0 ]; then
  printf '%s\n' "${results[@]}"
  echo "${RED}cannot validate without the tools above${RESET}"
  exit 1
fi
step "shell scripts (shellcheck)" check_shell
step "deploy/tools typecheck (tsc)" check_tools_typecheck
step "Dockerfile lint" check_dockerfile
step "entrypoint behaviour (Pushgateway, healthcheck)" check_entrypoint
step "Compose: docker compose config, policy, Prometheus config, certs" check_compose
step "Prometheus rules: promtool check + unit tests" check_rules
step "metric contract, runbook links, dashboard, generated files" check_monitoring_contract
step "Kubernetes: kustomize build + schema/unknown-field/policy" check_kubernetes
step "Terraform: format + security invariants" check_terraform
step "GitHub workflows (actionlint)" check_workflows

total=$(seconds_since "$started_all")
echo
echo "${BOLD}deploy/validate.sh summary (${total}s)${RESET}"
printf '  %s\n' "${results[@]}"
passed=$(( ${#results[@]} - failed ))
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
