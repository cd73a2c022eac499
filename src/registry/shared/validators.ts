import { IANAZone } from 'luxon';
import { z } from '../../api/openapi/registry.js';

export const E164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +15555550123');
export const Email = z.email().max(254);
export const IsoDate = z.iso.date();
export const Timezone = z.string().refine((tz) => IANAZone.isValidZone(tz), 'must be an IANA time zone such as America/Chicago');
/** BCP 47 language tag, e.g. en, es, es-MX. */
export const Language = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en or es-MX');
export const IdParams = z.object({ id: z.uuid() });

/** A short machine-readable code (consent sources, reasons): never free text, so never PHI. */
export const Code = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9:_.-]{0,63}$/, 'must be a short code such as intake-form or sms-keyword:STOP');

/** Escapes LIKE wildcards in a user's search term. */
export const likePrefix = (term: string) => `${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
