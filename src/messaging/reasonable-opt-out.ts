/**
 * "Any other reasonable means" of revoking consent (TCPA; FCC 2024 revocation order).
 *
 * Conservative by design: a phrase counts only when it is clearly about the messages themselves
 * ("stop texting me", "unsubscribe me please", "no more texts", "dejen de enviarme mensajes"), so that
 * "I need to stop my medication" or "cancel my appointment" stay free text for staff. Replies that merely
 * contain an opt-out word are reported by `mentionsOptOutWord`, so the caller can send the single
 * clarifying text the FCC allows instead of guessing.
 */

/** Lower-case, accents folded, punctuation (but apostrophes) as spaces, whitespace collapsed. */
function fold(body: string): string {
  return body
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\u2018\u2019`´]/g, "'")
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .trim();
}

const FILLER =
  '(?:please|pls|plz|now|thanks|thank|you|thx|ty|it|all|me|this|these|them|asap|immediately|already|ok|okay|' +
  'text|texts|texting|message|messages|messaging|sms|sending|contacting|calling|from|your|the|clinic)';

const LEADING_KEYWORD = new RegExp(`^(?:please )?(?:stop|stopall|unsubscribe|end|quit|revoke|optout|opt out|opt me out)(?: ${FILLER})*$`);

const PHRASES: readonly RegExp[] = [
  // English
  /\b(?:stop|quit|cease|end) (?:all )?(?:texting|messaging|sending|contacting|txting|spamming|the texts|the messages|these texts|these messages)\b/,
  /\b(?:don't|dont|do not|never) (?:text|message|sms|contact|send) me\b/,
  /\b(?:don't|dont|do not) send (?:me )?(?:any )?(?:more )?(?:texts|messages|sms)\b/,
  /\bno more (?:texts|messages|text messages|sms|txts)\b/,
  /\bunsubscribe\b/,
  /\bopt ?out\b/,
  /\b(?:remove|take) me (?:off|from|out of) (?:your|the|this|these|my) (?:list|texts|messages|contact list|messaging list|text list|mailing list)\b/,
  /\brevoke (?:my )?consent\b/,
  // Spanish
  /\bno me (?:envie|envien|envies|mande|manden|mandes|escriba|escriban) (?:mas )?(?:mensajes|textos|sms)\b/,
  /\b(?:deje|dejen|deja) de (?:enviarme|mandarme|escribirme|enviar mensajes|mandar mensajes)\b/,
  /\b(?:darme|dar|dame|denme|deme) de baja\b/,
  /\bcancelar (?:la |mi )?suscripcion\b/,
  /\bno quiero (?:recibir )?(?:mas )?(?:mensajes|textos)\b/,
  /^baja$/,
];

const OPT_OUT_WORD = /\b(?:stop|stopall|quit|end|revoke|opt ?out|cancel|unsubscribe|baja)\b/;

export function isReasonableMeansOptOut(body: string): boolean {
  const text = fold(body);
  if (text === '') return false;
  return LEADING_KEYWORD.test(text) || PHRASES.some((p) => p.test(text));
}

/** True when a reply contains an opt-out word without being a clear opt-out ("cancel my appointment"). */
export function mentionsOptOutWord(body: string): boolean {
  return OPT_OUT_WORD.test(fold(body));
}
