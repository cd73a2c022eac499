import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { initTracing } from '../../src/observability/tracing.js';
import { book, createClinic, eventually, inSeconds } from '../appointments/support.js';
import { api } from '../support/http.js';
import { operatorToken } from '../support/operator.js';
import { type TestStack, startTestStack } from '../support/stack.js';

const exporter = new InMemorySpanExporter();
let stack: TestStack;

beforeAll(async () => {
  const tracing = initTracing({ serviceName: 'smartclinix-test', exporter });
  stack = await startTestStack({ worker: true, tracing });
});
afterAll(() => stack.close());

describe('tracing', () => {
  it('When a request starts a workflow, then one trace spans HTTP → workflow → activity → database, without PHI', async () => {
    const token = await operatorToken(stack);
    const probe = 'TRACE-CANARY-Jane-Doe';
    const started = await api(stack.baseUrl, 'POST', '/api/v1/system-checks', { body: { probe }, token });
    expect(started.status).toBe(202);
    const done = await api(stack.baseUrl, 'GET', `/api/v1/system-checks/${started.body.checkId}?wait=20`, { token });
    expect(done.body.status).toBe('completed');

    const spans = exporter.getFinishedSpans();
    const http = spans.find((s) => s.name === 'POST /api/v1/system-checks');
    expect(http).toBeDefined();
    const traceId = http!.spanContext().traceId;
    const inTrace = spans.filter((s) => s.spanContext().traceId === traceId).map((s) => s.name);
    expect(inTrace).toEqual(
      expect.arrayContaining([
        'POST /api/v1/system-checks',
        'StartWorkflow:systemCheckWorkflow',
        'RunWorkflow:systemCheckWorkflow',
        'RunActivity:recordSystemCheck',
        'insert system_checks',
      ]),
    );
    const everything = JSON.stringify(spans.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events })));
    expect(everything).not.toContain(probe);
  });

  it('When a booking’s reminders go out, then the Twilio and SMTP calls are client spans in the booking’s trace, naming the host and no patient', async () => {
    const clinic = await createClinic(stack, {
      plan: [
        { id: 'email', before: 'PT3S', channel: 'email', template: 'appointment.reminder' },
        { id: 'sms', before: 'PT2S', channel: 'sms', template: 'appointment.reminder' },
      ],
    });
    const patient = await clinic.addPatient();
    const booked = await book(stack, clinic, { patientId: patient.id, startsAt: inSeconds(6) });
    expect(booked.status).toBe(201);
    await eventually(() => stack.twilio.messages.some((m) => m.to === patient.mobile) && stack.smtp.messages.some((m) => m.to.includes(patient.email)), 15_000);

    const spans = exporter.getFinishedSpans();
    const traceId = spans.find((s) => s.name === 'POST /api/v1/appointments')!.spanContext().traceId;
    const client = await eventually(() => {
      const found = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId && s.kind === SpanKind.CLIENT && /^(smtp|twilio) /.test(s.name));
      return found.length >= 2 ? found : undefined;
    }, 5_000);
    expect(client.map((s) => [s.name, s.attributes['server.address']]).sort()).toEqual([
      ['smtp sendMail', expect.any(String)],
      ['twilio messages.create', 'api.twilio.com'],
    ]);
    const everything = JSON.stringify(exporter.getFinishedSpans().map((s) => ({ name: s.name, attributes: s.attributes, events: s.events })));
    for (const phi of [patient.mobile, patient.email, 'Lakeside']) expect(everything).not.toContain(phi);
  }, 40_000);
});
