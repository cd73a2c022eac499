import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ConfigError, loadConfig } from './load.js';

const run = promisify(execFile);
let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'smartclinix-config-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const devEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ NODE_ENV: 'development', DATA_DIR: dataDir, ...extra });

describe('loadConfig', () => {
  it('When production lacks its secrets, then one error names every missing variable', () => {
    let error: unknown;
    try {
      loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PAYLOAD_KEYS', 'PAYLOAD_ACTIVE_KEY_ID', 'JWT_SIGNING_KEY', 'MFA_ENCRYPTION_KEY', 'EPCS_ASSERTION_KEY', 'PHARMACY_CLIENT_KEY', 'DATABASE_URL']) {
      expect(problems).toContain(name);
    }
    expect(readdirSync(dataDir)).toEqual([]); // production never invents secrets
  });

  it('When development boots twice, then the second boot reads the secrets the first one generated', () => {
    const first = loadConfig(devEnv());
    const second = loadConfig(devEnv());
    expect(second.auth).toEqual(first.auth);
    expect(second.payloadKeys).toEqual(first.payloadKeys);
    expect(second.prescriptions.epcsAssertionKey).toEqual(first.prescriptions.epcsAssertionKey);
    expect(second.prescriptions.pharmacyClientKey).toEqual(first.prescriptions.pharmacyClientKey);
    expect(readdirSync(dataDir)).toEqual(['dev-secrets.json']);
  });

  it('When PHARMACY_CLIENT_KEY is not an EC P-384 private key, then the error names it', () => {
    const ed25519 = generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    for (const value of [ed25519, 'bm90LWEta2V5']) {
      expect(() => loadConfig(devEnv({ PHARMACY_CLIENT_KEY: value }))).toThrow(/PHARMACY_CLIENT_KEY: must be an EC P-384 private key/);
    }
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    expect(loadConfig(devEnv({ PHARMACY_CLIENT_KEY: p384 })).prescriptions.pharmacyClientKey).toBe(p384);
  });

  it('When a secrets file from an older version lacks a key, then that key is added and the others are kept', () => {
    const file = join(dataDir, 'dev-secrets.json');
    writeFileSync(file, JSON.stringify({ payloadKeys: { 'dev-1': Buffer.alloc(32, 7).toString('base64') }, activeKeyId: 'dev-1' }));
    loadConfig(devEnv());
    const upgraded = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(upgraded.payloadKeys).toEqual({ 'dev-1': Buffer.alloc(32, 7).toString('base64') });
    expect(Object.keys(upgraded).sort()).toEqual(
      ['actionLinkSecret', 'activeKeyId', 'epcsAssertionKey', 'jwtSigningKey', 'mfaEncryptionKey', 'payloadKeys', 'pharmacyClientKey'].sort(),
    );
  });

  it('When several processes boot at once on an empty data directory, then all of them end up with the same secrets', async () => {
    const script = [
      "const { loadConfig } = require('./src/config/load.ts');",
      // Every process has loaded its code before any of them looks for the file, so their boots overlap.
      'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.max(0, Number(process.env.BOOT_AT) - Date.now()));',
      'const c = loadConfig();',
      'process.stdout.write(JSON.stringify([c.auth, c.payloadKeys, c.prescriptions.epcsAssertionKey]));',
    ].join('\n');
    const env = { ...process.env, ...devEnv({ BOOT_AT: String(Date.now() + 4_000) }) };
    const outputs = await Promise.all(
      Array.from({ length: 6 }, () => run(process.execPath, ['--import', 'tsx', '-e', script], { cwd: join(__dirname, '../..'), env }),
      ),
    );
    const seen = new Set(outputs.map((o) => o.stdout));
    expect(seen.size).toBe(1);
    expect(readdirSync(dataDir)).toEqual(['dev-secrets.json']); // no drafts left behind
  }, 30_000);
});
