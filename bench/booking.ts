/**
 * `npx tsx bench/booking.ts [bookings]` — booking latency through the API, end to end: HTTP,
 * authentication and permissions, Idempotency-Key claim, availability checks, the insert under the
 * exclusion constraint, the audit event, and the workflow start inside the booking transaction.
 *
 * Bookings go one after another (then a second run with 4 concurrent clients) to one practitioner,
 * each in its own 15-minute slot, each for a fresh patient, with the default reminder plan.
 */
import { randomUUID } from 'node:crypto';
import { api } from '../test/support/http.js';
import { startBenchStack, summary } from './appointment-stack.js';

const BOOKINGS = Number(process.argv[2] ?? 200);
const WARM_UP = 10;
const CONCURRENCY = 4;

async function main(): Promise<void> {
  const bench = await startBenchStack({
    plan: [
      { id: 'week-before', before: 'P7D', channel: 'email', template: 'appointment.reminder' },
      { id: 'confirm-48h', before: 'PT48H', channel: 'sms', template: 'appointment.confirm-request' },
      { id: 'day-of', before: 'PT2H', channel: 'sms', template: 'appointment.reminder' },
    ],
  });
  const { stack, clinic } = bench;
  try {
    const patients = await Promise.all(Array.from({ length: BOOKINGS * 2 + WARM_UP + CONCURRENCY }, () => clinic.addPatient()));
    const base = Date.now() + 10 * 86_400_000;
    let slot = 0;
    const bookOne = async () => {
      const i = slot++;
      const started = performance.now();
      const res = await api(stack.baseUrl, 'POST', '/api/v1/appointments', {
        token: clinic.scheduler,
        headers: { 'idempotency-key': `bench-${randomUUID()}` },
        body: {
          patientId: patients[i]!.id,
          practitionerId: clinic.practitionerId,
          startsAt: new Date(base + i * 15 * 60_000).toISOString(),
          durationMinutes: 15,
          type: 'follow-up',
        },
      });
      if (res.status !== 201) throw new Error(`booking ${i} answered ${res.status}`);
      return performance.now() - started;
    };

    for (let i = 0; i < WARM_UP; i += 1) await bookOne();
    const sequential: number[] = [];
    for (let i = 0; i < BOOKINGS; i += 1) sequential.push(await bookOne());

    const concurrent: number[] = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (concurrent.length < BOOKINGS) concurrent.push(await bookOne());
      }),
    );
    const seconds = (performance.now() - started) / 1000;

    console.log(`\nBooking latency (POST /api/v1/appointments → 201), ${BOOKINGS} bookings after ${WARM_UP} warm-up:`);
    console.log(summary('sequential (1 client)', sequential));
    console.log(summary(`concurrent (${CONCURRENCY} clients)`, concurrent));
    console.log(`throughput with ${CONCURRENCY} clients: ${(concurrent.length / seconds).toFixed(1)} bookings/s`);
  } finally {
    await bench.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
