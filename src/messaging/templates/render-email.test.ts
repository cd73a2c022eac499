import { TemplateVariableNotAllowedError } from './errors.js';
import { renderEmail } from './render-email.js';

const appointmentAt = new Date('2025-06-10T13:30:00Z');

describe('renderEmail', () => {
  it('When an English reminder renders, then subject, text and HTML carry the local date and time', () => {
    const email = renderEmail(
      'appointment.reminder',
      { clinicName: 'Lakeside Clinic', appointmentAt, manageLink: 'https://sc.example.org/m/1' },
      { timeZone: 'America/New_York' },
    );
    expect(email.subject).toBe('Appointment reminder from Lakeside Clinic');
    expect(email.text).toBe(
      'This is a reminder of your appointment on Tuesday, June 10, 2025 at 9:30 AM.\n\n' +
        'Manage your appointment: https://sc.example.org/m/1\n\nLakeside Clinic\n',
    );
    expect(email.html).toContain(
      '<p>Manage your appointment: <a href="https://sc.example.org/m/1">https://sc.example.org/m/1</a></p>',
    );
  });

  it('When values hold markup, then the HTML escapes them in text, links and title, and the plain text keeps them', () => {
    const email = renderEmail(
      'appointment.cancelled',
      { clinicName: 'A & B <script>alert(1)</script>', appointmentAt, bookingLink: 'https://x.example/b?a=1&b="2"' },
      { timeZone: 'UTC' },
    );
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('<p>A &amp; B &lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(email.html).toContain('<a href="https://x.example/b?a=1&amp;b=&quot;2&quot;">');
    expect(email.html).toContain('<title>Your appointment with A &amp; B &lt;script&gt;alert(1)&lt;/script&gt; is cancelled</title>');
    expect(email.text).toContain('A & B <script>alert(1)</script>');
  });

  it('When an optional variable is absent, then its paragraph is left out of text and HTML', () => {
    const email = renderEmail('appointment.reminder', { clinicName: 'A', appointmentAt }, { timeZone: 'UTC' });
    expect(email.text).not.toContain('Manage');
    expect(email.html).not.toContain('Manage');
    expect(email.html).not.toContain('<p></p>');
  });

  it('When the patient reads Spanish, then the email is in Spanish with a Spanish long date', () => {
    const email = renderEmail('appointment.confirmed', { clinicName: 'Clínica Sur', appointmentAt }, { timeZone: 'America/Mexico_City', language: 'es-MX' });
    expect(email.subject).toBe('Su cita con Clínica Sur está confirmada');
    expect(email.text).toMatch(/^Gracias\. Su cita del martes, 10 de junio de 2025, 7:30/);
    expect(email.html).toContain('<html lang="es">');
  });

  it('When the tenant supplies its own HTML, then its markup is kept and its variables are escaped', () => {
    const overrides = { 'result.available': { en: { emailHtml: '<h1>{{clinicName}}</h1><a class="btn" href="{{portalLink}}">Open</a>' } } };
    const email = renderEmail('result.available', { clinicName: '<b>X</b>', portalLink: 'https://p.example/?a=1&b=2' }, { timeZone: 'UTC', overrides });
    expect(email.html).toContain('<h1>&lt;b&gt;X&lt;/b&gt;</h1><a class="btn" href="https://p.example/?a=1&amp;b=2">Open</a>');
  });

  it('When a tenant email override references a clinical variable, then it is rejected', () => {
    const overrides = { 'result.available': { en: { emailText: 'Your {{diagnosis}} result' } } };
    expect(() => renderEmail('result.available', { clinicName: 'A' }, { timeZone: 'UTC', overrides })).toThrow(TemplateVariableNotAllowedError);
  });
});
