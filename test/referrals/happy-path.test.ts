import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REFERRAL_TASKS, referralWorkflowId } from '../../src/workflows/shared/referral.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { bookVisit, createReferralClinic, eventually, openTask, type ReferralClinic, referralRow, untilStatus } from './support.js';

let stack: TestStack;
let clinic: ReferralClinic;
beforeAll(async () => {
  stack = await startTestStack({ worker: true });
  clinic = await createReferralClinic(stack);
});
afterAll(() => stack.close());

describe('a referral from sending to the closed loop', () => {
  it('When the receiver accepts, the patient books and is seen, the specialist reports and the referrer acknowledges, then the loop is closed with every stage timed', async () => {
    const started = new Date(Date.now() - 1000).toISOString();
    const created = await clinic.refer();
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'sent', urgency: 'routine', reason: 'Exertional chest pain for three weeks', targetDepartmentId: clinic.receivingDepartmentId });
    const id = created.body.id as string;

    // Triage: a sign-off task in the receiving department's physician pool.
    const triage = await openTask(stack, id, REFERRAL_TASKS.triage.type);
    expect(triage).toMatchObject({ category: 'sign-off', owner_user_id: null, subject_type: 'referral', subject_id: id, patient_id: clinic.patientId });
    const accepted = await clinic.call('POST', `/api/v1/referrals/${id}/accept`, clinic.specialist, {});
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', stage: 'scheduling' });

    // The patient is invited to book (no clinical detail in the message).
    const invite = await stack.smtp.waitFor((m) => m.to.includes(clinic.patientEmail) && /book your referral visit/i.test(m.subject), 15_000);
    expect(invite.text).not.toMatch(/chest|angina/i);

    // The appointment's own workflow tells the referral of the booking and of the visit (no test signals).
    const appointmentId = await bookVisit(stack, clinic, id, 3);
    const scheduled = await untilStatus(stack, id, 'scheduled');
    expect(scheduled.appointment_id).toBe(appointmentId);
    expect(await stack.ownerDb('appointments').where({ id: appointmentId }).first()).toMatchObject({ referral_id: id });
    await stack.smtp.waitFor((m) => m.to.includes(clinic.patientEmail) && /referral visit .* is booked/i.test(m.subject), 15_000);

    // Seen: the specialist who saw the patient gets the report task.
    await eventually(async () => (await stack.ownerDb('appointments').where({ id: appointmentId }).first()).starts_at.getTime() <= Date.now());
    expect((await clinic.call('POST', `/api/v1/appointments/${appointmentId}/check-in`, clinic.scheduler, {})).status).toBe(200);
    expect((await clinic.call('POST', `/api/v1/appointments/${appointmentId}/complete`, clinic.scheduler, {})).status).toBe(200);
    const reportTask = await openTask(stack, id, REFERRAL_TASKS.report.type);
    expect(reportTask.owner_user_id).toBe(clinic.specialist.id);
    expect((await referralRow(stack, id)).status).toBe('seen');

    const report = await clinic.call('POST', `/api/v1/referrals/${id}/report`, clinic.specialist, {
      text: 'Exercise ECG positive at 7 METs. Started on a beta blocker; angiography booked.',
      findings: [{ code: 'stress-test', display: 'Exercise ECG', value: 'positive' }],
    });
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ status: 'report-received', stage: 'review' });
    const sealed = await stack.ownerDb('referral_reports').where({ referral_id: id }).first();
    expect(sealed.sealed).not.toContain('angiography');

    // The referrer reviews the report: the loop is closed.
    const review = await openTask(stack, id, REFERRAL_TASKS.review.type);
    expect(review.owner_user_id).toBe(clinic.referrer.id);
    const seen = await clinic.call('GET', `/api/v1/referrals/${id}`, clinic.referrer);
    expect(seen.body.report).toMatchObject({ text: expect.stringContaining('angiography'), findings: [{ display: 'Exercise ECG', value: 'positive' }] });
    const closed = await clinic.call('POST', `/api/v1/referrals/${id}/close`, clinic.referrer, {});
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', stage: null });
    expect(await stack.temporal.workflow.getHandle(referralWorkflowId(id)).result()).toBe('closed');

    const final = await clinic.call('GET', `/api/v1/referrals/${id}`, clinic.referrer);
    const timeline = final.body.timeline as Record<string, any>[];
    expect(timeline.map((s) => [s.stage, s.outcome])).toEqual([
      ['triage', 'accepted'],
      ['scheduling', 'booked'],
      ['visit', 'completed'],
      ['report', 'report-sent'],
      ['review', 'acknowledged'],
    ]);
    expect(timeline.every((s) => s.endedAt && !s.overdue)).toBe(true);
    expect(timeline[0]!.actedBy).toEqual({ type: 'user', id: clinic.specialist.id, role: 'physician' });
    // Booking and visit name the staff who booked and completed the appointment, not the system.
    expect(timeline[1]!.actedBy).toEqual({ type: 'user', id: clinic.scheduler.id, role: 'scheduler' });
    expect(timeline[2]!.actedBy).toEqual({ type: 'user', id: clinic.scheduler.id, role: 'scheduler' });
    expect(timeline[4]!.actedBy).toEqual({ type: 'user', id: clinic.referrer.id, role: 'physician' });
    expect(final.body).toMatchObject({ sentAt: expect.any(String), acceptedAt: expect.any(String), bookedAt: expect.any(String), seenAt: expect.any(String), reportReceivedAt: expect.any(String), closedAt: expect.any(String) });
    expect((final.body.history as { toStatus: string }[]).map((h) => h.toStatus)).toEqual(
      expect.arrayContaining(['sent', 'received', 'accepted', 'scheduled', 'seen', 'report-received', 'closed']),
    );
    if (process.env.REFERRAL_TIMELINE_OUT) writeFileSync(process.env.REFERRAL_TIMELINE_OUT, JSON.stringify(final.body, null, 2));

    const stats = await clinic.call('GET', `/api/v1/referrals/stats?from=${encodeURIComponent(started)}&to=${encodeURIComponent(new Date(Date.now() + 1000).toISOString())}`, clinic.tenant.token('admin'));
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({ sent: 1, closed: 1, reportReceived: 1, loopClosureRate: 1 });
    expect(stats.body.medianSecondsPerStage.triage).toEqual(expect.any(Number));

    if (process.env.RECORD_HISTORIES === '1') {
      const history = await stack.temporal.workflow.getHandle(referralWorkflowId(id)).fetchHistory();
      writeFileSync(join(__dirname, '../replay/histories/referral-happy-path.json'), JSON.stringify(history, null, 1));
    }
  });

  it('When a visit is booked with the referral’s ID and completed, then the appointment side alone moves the referral through booking and the visit', async () => {
    const id = (await clinic.refer()).body.id as string;
    await openTask(stack, id, REFERRAL_TASKS.triage.type);
    expect((await clinic.call('POST', `/api/v1/referrals/${id}/accept`, clinic.specialist, {})).status).toBe(200);
    const appointmentId = await bookVisit(stack, clinic, id, 2, 0.05, await clinic.addPractitioner());
    expect((await untilStatus(stack, id, 'scheduled')).appointment_id).toBe(appointmentId);
    await eventually(async () => (await stack.ownerDb('appointments').where({ id: appointmentId }).first()).starts_at.getTime() <= Date.now());
    expect((await clinic.call('POST', `/api/v1/appointments/${appointmentId}/check-in`, clinic.scheduler, {})).status).toBe(200);
    expect((await clinic.call('POST', `/api/v1/appointments/${appointmentId}/complete`, clinic.scheduler, {})).status).toBe(200);
    await untilStatus(stack, id, 'seen');
    await openTask(stack, id, REFERRAL_TASKS.report.type);
  });
});
