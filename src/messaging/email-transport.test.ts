import { type AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { messageIdFor, PermanentEmailError, SmtpEmailTransport, TransientEmailError } from './email-transport.js';
import { SmtpCatcher } from './smtp-catcher.js';
import { renderEmail } from './templates/index.js';

const FROM = '"Lakeside Clinic" <no-reply@lakeside.example>';
const DOMAIN = 'mail.smartclinix.example';

function transportTo(port: number): SmtpEmailTransport {
  return new SmtpEmailTransport({ host: '127.0.0.1', port, from: FROM, messageIdDomain: DOMAIN, timeoutMs: 5000 });
}

/** A bare SMTP server whose RCPT TO answers with `code`, to exercise the reply-class mapping. */
async function rejectingServer(code: number): Promise<{ port: number; close: () => Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onRcptTo: (address, _session, callback) => {
      callback(Object.assign(new Error(`mailbox ${address.address} unavailable`), { responseCode: code }));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { port: (server.server.address() as AddressInfo).port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('SmtpEmailTransport with nodemailer against the SMTP catcher', () => {
  let catcher: SmtpCatcher;
  beforeEach(async () => {
    catcher = await SmtpCatcher.start();
  });
  afterEach(() => catcher.close());

  it('When a rendered email is sent, then the catcher receives its subject, text, HTML and deterministic Message-ID', async () => {
    const email = renderEmail(
      'appointment.confirmed',
      { clinicName: 'Clínica Sur & Co', appointmentAt: new Date('2025-06-10T13:30:00Z') },
      { timeZone: 'America/New_York', language: 'es' },
    );
    const mailer = transportTo(catcher.port);
    try {
      const result = await mailer.send({ to: 'patient@example.org', ...email, idempotencyKey: 'email-0001' });
      expect(result.messageId).toBe(messageIdFor('email-0001', DOMAIN));
      expect(result.messageId).toMatch(/^<sc\.[0-9a-f]{40}@mail\.smartclinix\.example>$/);
      const received = await catcher.waitFor((m) => m.messageId === result.messageId);
      expect(received).toMatchObject({
        envelopeFrom: 'no-reply@lakeside.example',
        envelopeTo: ['patient@example.org'],
        from: 'no-reply@lakeside.example',
        to: ['patient@example.org'],
        subject: 'Su cita con Clínica Sur & Co está confirmada',
        text: email.text,
        messageId: result.messageId,
      });
      expect(received.html).toContain('<p>Clínica Sur &amp; Co</p>');
    } finally {
      mailer.close();
    }
  });

  it('When the same idempotency key is sent twice, then both copies carry one Message-ID and different keys differ', async () => {
    const mailer = transportTo(catcher.port);
    try {
      const base = { to: 'patient@example.org', subject: 's', text: 't', html: '<p>t</p>' };
      await mailer.send({ ...base, idempotencyKey: 'k-1' });
      await mailer.send({ ...base, idempotencyKey: 'k-1' });
      await mailer.send({ ...base, idempotencyKey: 'k-2' });
      const ids = catcher.messages.map((m) => m.messageId);
      expect(ids[0]).toBe(ids[1]);
      expect(ids[2]).not.toBe(ids[0]);
    } finally {
      mailer.close();
    }
  });

  it('When nothing matching arrives, then waitFor rejects after its timeout', async () => {
    await expect(catcher.waitFor((m) => m.subject === 'never', 50)).rejects.toThrow('no matching email within 50 ms');
  });
});

describe('SMTP failure mapping', () => {
  const mail = { to: 'someone@example.org', subject: 's', text: 't', html: '<p>t</p>', idempotencyKey: 'k' };

  it('When the server answers 550 to the recipient, then a PermanentEmailError carries the code but not the address', async () => {
    const server = await rejectingServer(550);
    const mailer = transportTo(server.port);
    try {
      const error = await mailer.send(mail).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PermanentEmailError);
      expect(error).toMatchObject({ responseCode: 550, errorCode: 'EENVELOPE' });
      expect((error as Error).message).not.toContain('someone@example.org');
    } finally {
      mailer.close();
      await server.close();
    }
  });

  it('When the server answers 451, then the failure is transient', async () => {
    const server = await rejectingServer(451);
    const mailer = transportTo(server.port);
    try {
      await expect(mailer.send(mail)).rejects.toMatchObject({ name: 'TransientEmailError', responseCode: 451 });
    } finally {
      mailer.close();
      await server.close();
    }
  });

  it('When no server listens, then the connection failure is transient', async () => {
    const catcher = await SmtpCatcher.start();
    const port = catcher.port;
    await catcher.close();
    const mailer = transportTo(port);
    try {
      const error = await mailer.send(mail).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransientEmailError);
      expect(error).toMatchObject({ responseCode: undefined, errorCode: expect.stringMatching(/^E(CONNECTION|SOCKET)$/) });
    } finally {
      mailer.close();
    }
  });
});
