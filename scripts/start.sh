#!/usr/bin/env bash
# `pnpm start`: builds Charter and runs its four services on this machine, with
# their output prefixed by name, until Ctrl-C (or SIGTERM) stops them all.
# Needs PostgreSQL and NATS JetStream (DATABASE_URL, NATS_URL; the defaults are
# the local ports that `docker compose up -d postgres nats` publishes). Any other
# variable of .env.example set in the environment reaches the services.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/charter}"
export NATS_URL="${NATS_URL:-nats://127.0.0.1:4222}"
# The local stack asks no second factor, so the README's curl sign-ins (step 10) work; the
# services' own default (admins need TOTP) holds everywhere else. Set it to try the second step.
export MFA_REQUIRED_ROLES="${MFA_REQUIRED_ROLES:-none}"

SERVICES=(auth-server account-service content-api catalog-api)
declare -A PORTS=([auth-server]=3000 [account-service]=3001 [content-api]=3002 [catalog-api]=3005)

say() { printf '[start] %s\n' "$*"; }

# ---- PostgreSQL and NATS answer, and the database exists ---------------------
# One Node script (pg resolves from packages/service-kit, which depends on it):
# prints nothing and exits 0 when all is well, else prints one line and exits 1.
check_infrastructure() {
  (cd packages/service-kit && node --input-type=module - "$DATABASE_URL" "$NATS_URL") <<'NODE'
import { connect } from 'node:net';
import pg from 'pg';

const [databaseUrl, natsUrl] = process.argv.slice(2);
const hint = 'start them with `docker compose up -d postgres nats`, or set DATABASE_URL / NATS_URL';

function answers(host, port) {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
    socket.once('error', () => resolve(false));
  });
}

const database = new URL(databaseUrl);
const nats = new URL(natsUrl.split(',')[0]);
const where = (url, port) => `${url.hostname}:${url.port || port}`;
const down = [];
if (!(await answers(database.hostname, Number(database.port || 5432)))) {
  down.push(`PostgreSQL at ${where(database, 5432)} (DATABASE_URL)`);
}
if (!(await answers(nats.hostname, Number(nats.port || 4222)))) {
  down.push(`NATS at ${where(nats, 4222)} (NATS_URL)`);
}
if (down.length > 0) {
  console.log(`[start] Not reachable: ${down.join(' and ')}: ${hint}.`);
  process.exit(1);
}

// All services share one database (each its own schema): create it on first run.
const name = decodeURIComponent(database.pathname.slice(1)) || 'postgres';
const maintenance = new URL(databaseUrl);
maintenance.pathname = '/postgres';
const client = new pg.Client({ connectionString: maintenance.href, connectionTimeoutMillis: 3000 });
try {
  await client.connect();
  const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (rowCount === 0) {
    await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
    console.log(`[start] Created database ${name}.`);
  }
} catch (error) {
  // 42P04: created by someone else in the meantime.
  if (error.code !== '42P04') {
    console.log(`[start] PostgreSQL at ${where(database, 5432)} refused: ${error.message} (check DATABASE_URL).`);
    process.exit(1);
  }
} finally {
  await client.end().catch(() => undefined);
}
NODE
}

check_infrastructure || exit 1

# A service already answering there (the compose stack?) would pass for ours.
for name in "${SERVICES[@]}"; do
  if timeout 1 bash -c "</dev/tcp/127.0.0.1/${PORTS[$name]}" 2>/dev/null; then
    say "Port ${PORTS[$name]} ($name) is already in use: stop what listens there (\`docker compose stop\`?) first."
    exit 1
  fi
done

# ---- build -------------------------------------------------------------------
say "Building (pnpm build)..."
pnpm build

# ---- run ---------------------------------------------------------------------
declare -A PIDS=()
stopping=0

stop_all() {
  stopping=1
  local pid
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  # Let Nest close its connections; anything still there after 10 s is killed.
  for _ in $(seq 1 100); do
    local alive=0
    for pid in "${PIDS[@]}"; do
      if kill -0 "$pid" 2>/dev/null; then alive=1; fi
    done
    [ "$alive" -eq 0 ] && return 0
    sleep 0.1
  done
  for pid in "${PIDS[@]}"; do
    kill -KILL "$pid" 2>/dev/null || true
  done
}

# shellcheck disable=SC2317  # invoked by the trap below
on_signal() {
  [ "$stopping" -eq 1 ] && return
  # Messages may fail: the terminal, or a pipe reading this output, may be gone already.
  say "Stopping the services..." 2>/dev/null || true
  stop_all
  say "Stopped." 2>/dev/null || true
  exit 0
}
# SIGPIPE ignored: a closed output must not kill this script before it has
# stopped the services (writes then merely fail).
trap '' PIPE
trap on_signal INT TERM HUP

# Each service in a session of its own (setsid), so a Ctrl-C in the terminal
# reaches only this script, which then stops them once, with SIGTERM. The
# prefixing sed ignores SIGINT so it outlives its service's last lines.
run_in_own_session=()
command -v setsid >/dev/null && run_in_own_session=(setsid)

for name in "${SERVICES[@]}"; do
  (cd "apps/$name" && PORT="${PORTS[$name]}" exec "${run_in_own_session[@]}" node dist/main.js) \
    > >(trap '' INT; exec sed -u "s/^/[$name] /") 2>&1 &
  PIDS[$name]=$!
done

# ---- wait until each answers /health/ready -----------------------------------
for name in "${SERVICES[@]}"; do
  deadline=$((SECONDS + 60))
  until PORT="${PORTS[$name]}" node infra/healthcheck.mjs /health/ready; do
    if ! kill -0 "${PIDS[$name]}" 2>/dev/null; then
      say "$name exited while starting; stopping the others."
      stop_all
      exit 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      say "$name did not become ready within 60 s (GET http://localhost:${PORTS[$name]}/health/ready); stopping."
      stop_all
      exit 1
    fi
    sleep 0.5
  done
done

cat <<EOF
[start] Charter is running (Ctrl-C stops it):
[start]   auth-server      http://localhost:3000  (discovery: /.well-known/openid-configuration)
[start]   account-service  http://localhost:3001  (admin API /v1, OpenAPI: /docs)
[start]   content-api      http://localhost:3002  (OpenAPI: /docs)
[start]   catalog-api      http://localhost:3005  (OpenAPI: /docs)
EOF

# ---- until one stops ---------------------------------------------------------
set +e
wait -n "${PIDS[@]}"
code=$?
set -e
[ "$stopping" -eq 1 ] && exit 0
for name in "${SERVICES[@]}"; do
  if ! kill -0 "${PIDS[$name]}" 2>/dev/null; then
    say "$name exited (code $code); stopping the others."
  fi
done
stop_all
exit $((code == 0 ? 1 : code))
