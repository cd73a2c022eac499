import { createHash } from 'node:crypto';
import { type Knex } from 'knex';

export interface ThrottleLimits {
  maxFailuresPerAccount: number;
  maxFailuresPerIp: number;
  windowSeconds: number;
  lockoutSeconds: number;
}

export interface ThrottleKey {
  hash: string;
  maxFailures: number;
}

const digest = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * Counters live in `auth_throttle`, shared by every replica. The account key is built from what
 * the caller typed (tenant slug and e-mail), not from a user row, so an account that does not
 * exist is throttled exactly like one that does.
 */
export function throttleKeys(limits: ThrottleLimits, tenantSlug: string, email: string, ip: string | undefined) {
  const account: ThrottleKey = { hash: digest(`account:${tenantSlug.toLowerCase()}:${email.trim().toLowerCase()}`), maxFailures: limits.maxFailuresPerAccount };
  const client: ThrottleKey | undefined = ip ? { hash: digest(`ip:${ip}`), maxFailures: limits.maxFailuresPerIp } : undefined;
  return { account, client, all: client ? [account, client] : [account] };
}

/** Seconds until the longest active lock among `keys` ends, or undefined when none is locked. */
export async function secondsLocked(db: Knex, keys: ThrottleKey[]): Promise<number | undefined> {
  const row = await db('auth_throttle')
    .whereIn('key_hash', keys.map((k) => k.hash))
    .andWhere('locked_until', '>', db.fn.now())
    .max<{ until: Date | null }>({ until: 'locked_until' })
    .first();
  if (!row?.until) return undefined;
  return Math.max(1, Math.ceil((new Date(row.until).getTime() - Date.now()) / 1000));
}

/**
 * Counts one failure per key. Failures older than the window (or from before an expired lock)
 * start a new count; reaching the key's limit locks it for the lockout period.
 */
export async function recordFailure(db: Knex, limits: ThrottleLimits, keys: ThrottleKey[]): Promise<void> {
  for (const key of keys) {
    await db.raw(
      `insert into auth_throttle as t (key_hash, failures, window_started_at, locked_until)
       values (:hash, 1, now(), case when 1 >= :max then now() + make_interval(secs => :lockout) end)
       on conflict (key_hash) do update set
         failures = case when t.window_started_at < now() - make_interval(secs => :window) or t.locked_until <= now() then 1 else t.failures + 1 end,
         window_started_at = case when t.window_started_at < now() - make_interval(secs => :window) or t.locked_until <= now() then now() else t.window_started_at end,
         locked_until = case
           when (case when t.window_started_at < now() - make_interval(secs => :window) or t.locked_until <= now() then 1 else t.failures + 1 end) >= :max
             then now() + make_interval(secs => :lockout)
           when t.locked_until <= now() then null
           else t.locked_until end`,
      { hash: key.hash, max: key.maxFailures, lockout: limits.lockoutSeconds, window: limits.windowSeconds },
    );
  }
}

/** A successful login forgets the account's failures (never the IP's: one good account must not unlock an attacker). */
export async function clearFailures(db: Knex | Knex.Transaction, key: ThrottleKey): Promise<void> {
  await db('auth_throttle').where({ key_hash: key.hash }).delete();
}
