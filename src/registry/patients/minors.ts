import { DateTime } from 'luxon';

export const AGE_OF_MAJORITY = 18;

/** Whether someone born on `birthDate` (YYYY-MM-DD) is a minor on `today` (defaults to now, UTC). */
export function isMinor(birthDate: string, today: DateTime = DateTime.utc()): boolean {
  const born = DateTime.fromISO(birthDate, { zone: 'utc' });
  return today.diff(born, 'years').years < AGE_OF_MAJORITY;
}

/** Messages for a minor go to the responsible party, so one with a way to reach them is required. */
export function hasReachableResponsibleParty(rp: { name?: string; mobileE164?: string | null; email?: string | null } | null | undefined): boolean {
  return !!rp?.name && !!(rp.mobileE164 || rp.email);
}
