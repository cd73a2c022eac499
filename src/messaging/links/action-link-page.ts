/**
 * The small page behind a patient action link: readable on a phone, in the patient's language, and
 * saying no more than "your appointment at <clinic> on <date>". No script; one form posting back to
 * the same URL, so the only way to act is a deliberate tap (mail scanners only GET).
 */
import { DateTime } from 'luxon';
import { escapeHtml } from '../templates/html.js';

export interface LinkPage {
  state: 'active' | 'done' | 'closed' | 'used' | 'expired' | 'invalid';
  locale: string;
  clinicName?: string;
  /** ISO date-time. */
  appointmentAt?: string | null;
  timeZone?: string;
  usedIntent?: 'confirm' | 'decline';
}

const TEXT = {
  en: {
    title: 'Your appointment',
    lead: (clinic: string, when: string | undefined) => (when ? `Your appointment at ${clinic} on ${when}.` : `Your appointment at ${clinic}.`),
    question: 'Will you be able to come?',
    confirm: 'Yes, I will come',
    decline: 'No, I cannot come',
    confirmed: 'Thank you. We have your confirmation.',
    declined: 'Thank you for letting us know. The clinic will follow up with you.',
    closed: 'This appointment no longer needs an answer.',
    used: 'This link has already been used.',
    expired: 'This link has expired. Please contact the clinic.',
    invalid: 'This link is not valid.',
  },
  es: {
    title: 'Su cita',
    lead: (clinic: string, when: string | undefined) => (when ? `Su cita en ${clinic} el ${when}.` : `Su cita en ${clinic}.`),
    question: '¿Podrá asistir?',
    confirm: 'Sí, asistiré',
    decline: 'No, no podré asistir',
    confirmed: 'Gracias. Recibimos su confirmación.',
    declined: 'Gracias por avisarnos. La clínica se comunicará con usted.',
    closed: 'Esta cita ya no necesita respuesta.',
    used: 'Este enlace ya fue usado.',
    expired: 'Este enlace ha vencido. Comuníquese con la clínica.',
    invalid: 'Este enlace no es válido.',
  },
};

const STATUS: Readonly<Record<LinkPage['state'], number>> = { active: 200, done: 200, closed: 200, used: 410, expired: 410, invalid: 404 };

const STYLE =
  'body{font-family:system-ui,sans-serif;margin:0;padding:1.5rem;max-width:32rem;line-height:1.5;color:#1b1b1b}' +
  'h1{font-size:1.4rem}button{display:block;width:100%;font-size:1.1rem;padding:.9rem;margin:.6rem 0;border-radius:.5rem;border:1px solid #555;background:#fff}' +
  'button[value=confirm]{background:#1a6b3c;color:#fff;border-color:#1a6b3c}';

function when(page: LinkPage): string | undefined {
  if (!page.appointmentAt) return undefined;
  const local = DateTime.fromISO(page.appointmentAt, { zone: page.timeZone ?? 'UTC' }).setLocale(page.locale);
  return local.toLocaleString({ weekday: 'long', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit' }).replace(/[\u202F\u00A0]/g, ' ');
}

export function renderLinkPage(page: LinkPage): { status: number; html: string } {
  const lang = page.locale.toLowerCase().startsWith('es') ? 'es' : 'en';
  const t = TEXT[lang];
  const lead = page.clinicName ? `<p>${escapeHtml(t.lead(page.clinicName, when(page)))}</p>` : '';
  let body: string;
  switch (page.state) {
    case 'active':
      body = `${lead}<p>${escapeHtml(t.question)}</p><form method="post"><button type="submit" name="intent" value="confirm">${escapeHtml(t.confirm)}</button><button type="submit" name="intent" value="decline">${escapeHtml(t.decline)}</button></form>`;
      break;
    case 'done':
      body = `${lead}<p>${escapeHtml(page.usedIntent === 'decline' ? t.declined : t.confirmed)}</p>`;
      break;
    default:
      body = `${page.state === 'closed' ? lead : ''}<p>${escapeHtml(t[page.state])}</p>`;
  }
  const html =
    `<!doctype html>\n<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="robots" content="noindex"><title>${escapeHtml(t.title)}</title><style>${STYLE}</style></head>` +
    `<body><h1>${escapeHtml(t.title)}</h1>${body}</body></html>\n`;
  return { status: STATUS[page.state], html };
}
