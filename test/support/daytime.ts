/**
 * A time zone in which it is daytime right now (09:00-19:59), for tests whose worker runs on the real
 * clock: quiet hours (08:00-21:00 patient-local) must not hold their messages whatever time the
 * suite runs, so test tenants live in such a zone unless a test chooses one.
 */
export function daytimeZone(now = new Date()): string {
  const zones = ['Pacific/Honolulu', 'America/Anchorage', 'America/Los_Angeles', 'America/Chicago', 'America/New_York', 'America/Sao_Paulo', 'Atlantic/Azores', 'Europe/London', 'Europe/Berlin', 'Europe/Moscow', 'Asia/Dubai', 'Asia/Kolkata', 'Asia/Bangkok', 'Asia/Tokyo', 'Australia/Sydney', 'Pacific/Auckland'];
  const zone = zones.find((z) => {
    const hour = Number(new Intl.DateTimeFormat('en-US', { timeZone: z, hour: 'numeric', hourCycle: 'h23' }).format(now));
    return hour >= 9 && hour < 20;
  });
  if (!zone) throw new Error('no daytime zone found');
  return zone;
}
