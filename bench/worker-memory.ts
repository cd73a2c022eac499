/**
 * `npx tsx --expose-gc bench/worker-memory.ts [workflows]` — the worker's memory with N open
 * appointment workflows (default 1,000), each waiting on its reminder timers days ahead and held in the
 * worker's sticky cache, as in a clinic with a few weeks of bookings.
 *
 * The API, the fakes and the worker share this process: the figures are the growth from a warmed-up
 * baseline to N cached workflows (after a full GC when --expose-gc is given), and the totals.
 */
import { randomUUID } from 'node:crypto';
import { api } from '../test/support/http.js';
import { startBenchStack } from './appointment-stack.js';

const WORKFLOWS = Number(process.argv[2] ?? 1000);
const WARM_UP = 20;
const CLIENTS = 8;
const MB = 1024 * 1024;
/** Minutes of idling, sampled every 30 s: the workflow thread collects the garbage of the start-up burst slowly. */
const SETTLE_SAMPLES = Number(process.env.BENCH_SETTLE_SAMPLES ?? 8);

interface Sample {
  rss: number;
  heapUsed: number;
  external: number;
}

async function sample(): Promise<Sample> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3 && gc; i += 1) {
    gc();
    await new Promise((r) => setTimeout(r, 200));
  }
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external };
}

const fmt = (bytes: number) => `${(bytes / MB).toFixed(1).padStart(7)} MB`;

async function main(): Promise<void> {
  const bench = await startBenchStack();
  const { stack, clinic, worker } = bench;
  try {
    const patients = await Promise.all(Array.from({ length: 50 }, () => clinic.addPatient()));
    const base = Date.now() + 10 * 86_400_000;
    let next = 0;
    const bookOne = async () => {
      const i = next++;
      const res = await api(stack.baseUrl, 'POST', '/api/v1/appointments', {
        token: clinic.scheduler,
        headers: { 'idempotency-key': `mem-${randomUUID()}` },
        body: { patientId: patients[i % patients.length]!.id, practitionerId: clinic.practitionerId, startsAt: new Date(base + i * 15 * 60_000).toISOString(), durationMinutes: 15, type: 'follow-up' },
      });
      if (res.status !== 201) throw new Error(`booking ${i} answered ${res.status}`);
    };
    const cached = () => worker.getStatus().numCachedWorkflows;
    const waitForCache = async (count: number) => {
      const deadline = Date.now() + 120_000;
      while (cached() < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    };

    for (let i = 0; i < WARM_UP; i += 1) await bookOne();
    await waitForCache(WARM_UP);
    await new Promise((r) => setTimeout(r, 2000));
    const before = await sample();

    const started = Date.now();
    // RSS along the way: linear growth is retained per-workflow state, a plateau would be garbage.
    const curve: string[] = [];
    let checkpoint = WARM_UP + WORKFLOWS / 4;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < WARM_UP + WORKFLOWS) {
          await bookOne();
          if (next >= checkpoint) {
            checkpoint += WORKFLOWS / 4;
            curve.push(`${String(next - WARM_UP).padStart(5)} booked: rss ${fmt(process.memoryUsage().rss)}`);
          }
        }
      }),
    );
    await waitForCache(WARM_UP + WORKFLOWS);
    // Let the workflows' first activities and tasks finish, then watch RSS settle.
    for (let i = 1; i <= SETTLE_SAMPLES; i += 1) {
      await new Promise((r) => setTimeout(r, 30_000));
      curve.push(`  +${String(i * 30).padStart(3)} s idle: rss ${fmt(process.memoryUsage().rss)}`);
    }
    const after = await sample();
    const open = cached() - WARM_UP;

    console.log(curve.join('\n'));
    console.log(`\n${open} open appointment workflows cached by the worker (booked in ${((Date.now() - started) / 1000).toFixed(0)} s; GC ${(globalThis as { gc?: unknown }).gc ? 'forced' : 'not forced'}):`);
    for (const key of ['rss', 'heapUsed', 'external'] as const) {
      const delta = after[key] - before[key];
      console.log(`${key.padEnd(9)} baseline ${fmt(before[key])}  with workflows ${fmt(after[key])}  growth ${fmt(delta)}  per workflow ${((delta / open) / 1024).toFixed(1).padStart(6)} KB`);
    }
  } finally {
    await bench.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
