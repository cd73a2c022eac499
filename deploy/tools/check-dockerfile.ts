import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate } from 'dockerfile-utils';
import { DEPLOY_DIR } from './monitoring-files.js';
import { say } from './untyped.js';

/**
 * Lints deploy/Dockerfile without a Docker engine. hadolint is neither a Debian bookworm
 * package nor a Go module, so the syntax and semantics come from dockerfile-utils (the
 * validator behind the Docker language server), every warning treated as an error, plus the
 * hadolint-style rules this image depends on. CI on GitHub also runs hadolint itself.
 */
const DOCKERFILE = process.argv[2] ?? join(DEPLOY_DIR, 'Dockerfile');
const IGNORE_FILE = join(DEPLOY_DIR, 'Dockerfile.dockerignore');
const content = readFileSync(DOCKERFILE, 'utf8');
const problems: string[] = [];

for (const d of validate(content)) {
  const message = typeof d.message === 'string' ? d.message : d.message.value;
  problems.push(`line ${d.range.start.line + 1}: ${message}`);
}

/** Instructions with continuation lines joined, comments dropped. */
const instructions = content
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'))
  .map((l) => {
    const [op, ...rest] = l.split(/\s+/);
    return { op: (op as string).toUpperCase(), args: rest.join(' ') };
  });

const stages = instructions.filter((i) => i.op === 'FROM').map((i) => / AS (\S+)$/i.exec(i.args)?.[1]);
const lastStage = instructions.slice(instructions.map((i) => i.op).lastIndexOf('FROM'));
const has = (list: typeof instructions, op: string, pattern?: RegExp): boolean =>
  list.some((i) => i.op === op && (!pattern || pattern.test(i.args)));

const args = new Map(instructions.filter((i) => i.op === 'ARG').map((i) => i.args.split('=') as [string, string]));
for (const from of instructions.filter((i) => i.op === 'FROM')) {
  const image = from.args.split(/\s+/)[0] as string;
  const resolved = image.replace(/^\$\{?(\w+)\}?$/, (_, name: string) => args.get(name) ?? image);
  if (!stages.includes(resolved) && !/[:@]/.test(resolved)) problems.push(`FROM ${image}: base image must be pinned by tag or digest`);
  if (resolved.endsWith(':latest')) problems.push(`FROM ${image}: must not use :latest`);
  if (!resolved.startsWith('node:24-') && !stages.includes(resolved)) problems.push(`FROM ${image}: expected the Node 24 LTS base (node:24-bookworm-slim)`);
}
if (stages.filter(Boolean).length < 1 || instructions.filter((i) => i.op === 'FROM').length < 2) problems.push('must be a multi-stage build');
for (const copy of instructions.filter((i) => i.op === 'COPY' && /--from=/.test(i.args))) {
  const from = /--from=(\S+)/.exec(copy.args)?.[1];
  if (from && !stages.includes(from)) problems.push(`COPY --from=${from}: no such build stage`);
}
if (has(instructions, 'ADD')) problems.push('use COPY, not ADD');
if (has(instructions, 'RUN', /\bnpm (install|i)\b/)) problems.push('use npm ci (lockfile-exact), not npm install');
if (has(instructions, 'RUN', /\bcurl\b[^|]*\|\s*(ba)?sh/)) problems.push('do not pipe downloads into a shell');
if (!has(lastStage, 'RUN', /npm ci --omit=dev/)) problems.push('the runtime stage must install production dependencies only (npm ci --omit=dev)');
const user = [...lastStage].reverse().find((i) => i.op === 'USER');
if (!user || /^(root|0)(:|$)/.test(user.args)) problems.push('the runtime stage must switch to a non-root USER');
if (!has(lastStage, 'HEALTHCHECK')) problems.push('the runtime stage needs a HEALTHCHECK');
if (!has(lastStage, 'ENTRYPOINT') || !has(lastStage, 'CMD')) problems.push('the runtime stage needs ENTRYPOINT and CMD');
if (!has(instructions, 'RUN', /npm run build/)) problems.push('the build stage must run npm run build (tsc + workflow bundle)');

// The ignore file must keep secrets and local state out of the context.
const ignore = readFileSync(IGNORE_FILE, 'utf8');
for (const must of ['**/.env', '**/*.key']) if (!ignore.includes(must)) problems.push(`Dockerfile.dockerignore must exclude ${must}`);
if (!/^\*$/m.test(ignore)) problems.push('Dockerfile.dockerignore must start from an allow-list (*)');

for (const p of problems) console.error(`  ✗ ${p}`);
say(`Dockerfile: ${instructions.length} instructions, ${stages.length} stages; ${problems.length} problem(s)`);
process.exitCode = problems.length === 0 ? 0 : 1;
