/**
 * `npx tsx bench/reminder-timers.ts [appointments]` — how late reminder timers fire compared with
 * their due time, and how late the reminder then reaches the (fake) SMTP server.
 *
 * Books N appointments whose one reminder (email, 10 s before the start) falls due over about a
 * minute, waits for every reminder, then reads each workflow's history: the TimerFired event's time
 * against the step's due time is the timer's lateness; the email's arrival against it is the
 * end-to-end lateness (timer, workflow task, the re-read of the appointment, the send activity).
 */
import { temporal } from '@temporalio/proto';
import { appointmentWorkflowId, type AppointmentWorkflowState } from '../src/workflows/shared/appointment.js';
import { api } from '../test/support/http.js';
import { startBenchStack, summary } from './appointment-stack.js';

const APPOINTMENTS = Number(process.argv[2] ?? 100);
const SPREAD_MS = 60_000;
const LEAD_MS = 25_000;

const EventType = temporal.api.enums.v1.EventType;
const millis = (t: temporal.api.history.v1.IHistoryEvent['eventTime']) => Number(t!.seconds) * 1000 + Math.floor((t!.nanos ?? 0) / 1e6);

async function main(): Promise<void> {
  const bench = await startBenchStack({ plan: [{ id: 'reminder', before: 'PT10S', channel: 'email', template: 'appointment.reminder' }] });
  const { stack, clinic } = bench;
  try {
    const patients = await Promise.all(Array.from({ length: APPOINTMENTS }, () => clinic.addPatient()));
    const base = Date.now() + LEAD_MS;
    const booked: { id: string; email: string; dueAt: number }[] = [];
    for (const [i, patient] of patients.entries()) {
      const startsAt = base + Math.round((i * SPREAD_MS) / APPOINTMENTS);
      const res = await api<{ id: string }>(stack.baseUrl, 'POST', '/api/v1/appointments', {
        token: clinic.scheduler,
        // 0.3-second visits, one after another, so one practitioner can take them all.
        body: { patientId: patient.id, practitionerId: clinic.practitionerId, startsAt: new Date(startsAt).toISOString(), durationMinutes: 0.005, type: 'follow-up' },
      });
      if (res.status !== 201) throw new Error(`booking ${i} answered ${res.status}`);
      booked.push({ id: res.body.id, email: patient.email, dueAt: startsAt - 10_000 });
    }
    if (Date.now() > booked[0]!.dueAt) throw new Error('booking took longer than the lead time; lower the count');
    console.log(`booked ${APPOINTMENTS}; reminders fall due over ${SPREAD_MS / 1000} s`);

    const deadline = booked[booked.length - 1]!.dueAt + 60_000;
    while (stack.smtp.messages.length < APPOINTMENTS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));

    const timerLate: number[] = [];
    const sendLate: number[] = [];
    for (const b of booked) {
      const res = await api<{ workflow: { state: AppointmentWorkflowState } }>(stack.baseUrl, 'GET', `/api/v1/appointments/${b.id}`, { token: clinic.scheduler });
      const step = res.body.workflow.state.plan[0]!;
      if (step.status !== 'sent') throw new Error(`reminder of ${b.id} is ${step.status}`);
      const history = await stack.temporal.workflow.getHandle(appointmentWorkflowId(b.id)).fetchHistory();
      const fired = history.events!.find((e) => e.eventType === EventType.EVENT_TYPE_TIMER_FIRED);
      if (fired) timerLate.push(millis(fired.eventTime) - b.dueAt);
      const email = stack.smtp.messages.find((m) => m.to.includes(b.email));
      if (email) sendLate.push(email.receivedAt.getTime() - b.dueAt);
    }
    console.log(`\nLateness against the due time (${APPOINTMENTS} reminders over ${SPREAD_MS / 1000} s):`);
    console.log(summary('timer fired (TimerFired event)', timerLate));
    console.log(summary('reminder at the SMTP server', sendLate));
  } finally {
    await bench.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
