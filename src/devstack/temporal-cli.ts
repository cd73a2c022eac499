import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

/**
 * Finds (or builds) the Temporal CLI, whose `server start-dev` is the full Temporal server plus Web UI.
 * Order: $TEMPORAL_CLI_PATH, `temporal` on PATH, a cached build outside the clone, `go install`.
 * When none works, callers fall back to the SDK's own download (machines with internet).
 */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';

const run = promisify(execFile);

export function temporalCacheDir(): string {
  const base = process.env.SMARTCLINIX_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'smartclinix');
  return join(base, 'bin', `temporal-${TEMPORAL_CLI_VERSION.replace(/^v/, '')}`);
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export type CliSource = 'env' | 'path' | 'cache' | 'go-install' | 'sdk-download';

/** Returns a usable CLI path without building anything, or undefined. */
export function findTemporalCli(): { path: string; source: CliSource } | undefined {
  const fromEnv = process.env.TEMPORAL_CLI_PATH;
  if (fromEnv && isExecutable(fromEnv)) return { path: fromEnv, source: 'env' };
  const fromPath = onPath('temporal');
  if (fromPath) return { path: fromPath, source: 'path' };
  const cached = join(temporalCacheDir(), 'temporal');
  if (isExecutable(cached)) return { path: cached, source: 'cache' };
  return undefined;
}

/** Builds the CLI with the Go toolchain into the cache (about three minutes on two cores, once). */
export async function buildTemporalCli(log: (line: string) => void = () => undefined): Promise<string> {
  const dir = temporalCacheDir();
  mkdirSync(dir, { recursive: true });
  const go = onPath('go') ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
  if (!go) throw new Error('The Temporal CLI is missing and Go is not installed to build it; install Go or set TEMPORAL_CLI_PATH.');
  log(`building the Temporal CLI ${TEMPORAL_CLI_VERSION} with go install (first run only) into ${dir}`);
  await run(go, ['install', `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`], {
    env: { ...process.env, GOBIN: dir, CGO_ENABLED: '0' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return join(dir, 'temporal');
}

/**
 * Returns the CLI to run. Without Go, `path` is undefined and `source` is 'sdk-download': the caller
 * then lets the Temporal SDK download the CLI (machines with internet access).
 */
export async function provisionTemporalCli(log?: (line: string) => void): Promise<{ path: string | undefined; source: CliSource }> {
  const found = findTemporalCli();
  if (found) return found;
  if (!onPath('go') && !existsSync('/usr/local/go/bin/go')) {
    log?.('Go is not installed: the Temporal SDK will download the CLI instead');
    return { path: undefined, source: 'sdk-download' };
  }
  return { path: await buildTemporalCli(log), source: 'go-install' };
}
