import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ConfigError, loadConfig } from '../../src/config/load.js';
import { DEPLOY_DIR } from './monitoring-files.js';
import { say } from './untyped.js';

/**
 * Policy for the Compose stack, beyond what `docker compose config` validates:
 *  - no secret is written in the file: secret-looking variables are always interpolated, and
 *    every required variable (${VAR:?…}) has an entry in .env.example;
 *  - images are pinned (no :latest, a tag on every image);
 *  - SmartClinix containers are hardened (read-only root, no capabilities, no-new-privileges);
 *  - one-shot jobs never restart, long-running services always do;
 *  - databases and Temporal sit on the internal network only;
 *  - the app containers set every variable the app itself requires in production (asked of the
 *    config loader, so a variable made required there cannot be forgotten here).
 * Input: the JSON from `docker compose config --format json` (interpolated with .env.example).
 *   npx tsx deploy/tools/check-compose.ts rendered.json
 */
interface Service {
  image?: string;
  command?: string[];
  entrypoint?: string[];
  restart?: string;
  read_only?: boolean;
  cap_drop?: string[];
  security_opt?: string[];
  networks?: Record<string, unknown>;
  environment?: Record<string, string>;
}
const COMPOSE_DIR = join(DEPLOY_DIR, 'compose');
const problems: string[] = [];
const rendered = JSON.parse(readFileSync(process.argv[2] ?? '/dev/stdin', 'utf8')) as {
  services: Record<string, Service>;
  networks: Record<string, { internal?: boolean }>;
};
const raw = readFileSync(join(COMPOSE_DIR, 'docker-compose.yml'), 'utf8');
const envExample = new Set(
  readFileSync(join(COMPOSE_DIR, '.env.example'), 'utf8')
    .split('\n')
    .filter((l) => /^[A-Z0-9_]+=/.test(l))
    .map((l) => l.split('=')[0] as string),
);

for (const [, name] of raw.matchAll(/\$\{([A-Z0-9_]+):\?/g)) {
  if (!envExample.has(name as string)) problems.push(`.env.example lacks ${name}, which docker-compose.yml requires`);
}
const SECRETISH = /(PASSWORD|PWD|TOKEN|SECRET|SIGNING_KEY|PAYLOAD_KEYS|AUTH_TOKEN)$/;
const source = parse(raw) as { services: Record<string, { environment?: Record<string, unknown> }>; 'x-app'?: { environment?: Record<string, unknown> } };
const envBlocks = [source['x-app']?.environment ?? {}, ...Object.values(source.services).map((s) => s.environment ?? {})];
for (const env of envBlocks) {
  for (const [key, value] of Object.entries(env)) {
    if (key === '<<') continue;
    const text = String(value);
    if (SECRETISH.test(key) && !/^(true|false)$/.test(text) && !/^\$\{[A-Z0-9_]+(:\?[^}]*|:-)?\}$/.test(text)) problems.push(`${key} must come from .env (\${…}), not be written in the file`);
    if (/:\/\/[^/\s:]+:[^@\s$]+@/.test(text)) problems.push(`${key} embeds a literal credential`);
  }
}

const ONE_SHOT = new Set(['migrate', 'temporal-schema', 'temporal-namespace']);
const APP = new Set(['api', 'worker', 'mllp', 'migrate', 'verify-audit']);
const BACKEND_ONLY = new Set(['postgres', 'temporal-postgresql', 'temporal', 'pushgateway']);
for (const [name, s] of Object.entries(rendered.services)) {
  if (!s.image || (!s.image.includes(':') && !s.image.includes('@'))) problems.push(`${name}: image must carry a tag or digest`);
  if (s.image?.endsWith(':latest')) problems.push(`${name}: image must not be :latest`);
  if (ONE_SHOT.has(name) && s.restart !== 'no') problems.push(`${name}: a one-shot job must not restart`);
  if (!ONE_SHOT.has(name) && s.restart !== 'unless-stopped' && s.restart !== 'always') problems.push(`${name}: long-running service needs a restart policy`);
  if (APP.has(name)) {
    if (s.read_only !== true) problems.push(`${name}: root filesystem must be read-only`);
    if (!s.cap_drop?.includes('ALL')) problems.push(`${name}: must drop ALL capabilities`);
    if (!s.security_opt?.some((o) => o.startsWith('no-new-privileges'))) problems.push(`${name}: needs no-new-privileges`);
    if (s.environment?.NODE_ENV !== 'production') problems.push(`${name}: NODE_ENV must be production`);
  }
  if (BACKEND_ONLY.has(name) && Object.keys(s.networks ?? {}).some((n) => !rendered.networks[n]?.internal)) {
    problems.push(`${name}: must be attached to internal networks only`);
  }
}

/** The variables the config loader names as missing when production starts with none set ("A or B": either). */
function requiredInProduction(): string[][] {
  try {
    loadConfig({ NODE_ENV: 'production' });
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.problems.filter((p) => p.includes('required in production')).map((p) => p.split(':')[0]!.split(' or '));
  }
}
const required = requiredInProduction();
if (required.length === 0) problems.push('the config loader reported no production requirement: the check would prove nothing');
for (const name of ['api', 'worker', 'mllp']) {
  const env = rendered.services[name]?.environment ?? {};
  for (const anyOf of required) if (!anyOf.some((v) => env[v])) problems.push(`${name}: sets none of ${anyOf.join(' / ')}, which production requires`);
}

for (const p of problems) console.error(`  ✗ ${p}`);
say(`compose: ${Object.keys(rendered.services).length} services checked; ${problems.length} problem(s)`);
process.exitCode = problems.length === 0 ? 0 : 1;
