/** Words every mail uses for dates and links, so each reads the same to the person it is for. */

const DEFAULT_TIME_ZONE = 'Europe/London';

/** "Tuesday 8 December 2026 at 6:53pm" in the reader's time zone (Europe/London when unknown or invalid). */
export function dateInWords(iso: string, timeZone: string | null): string {
  const at = new Date(iso);
  const zone = validZone(timeZone);
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: 'numeric', minute: '2-digit', hour12: true })
    .format(at)
    .replace(/\s/g, '')
    .toLowerCase();
  return `${dayInWords(iso, zone)} at ${time}`;
}

/** "Tuesday 8 December 2026" in the reader's time zone. */
export function dayInWords(iso: string, timeZone: string | null): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: validZone(timeZone), weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })
    .format(new Date(iso))
    .replace(',', '');
}

/** A link to one of the web app's pages, e.g. pageLink('https://backr.example.org/', '/asks'). */
export function pageLink(publicUrl: string, path: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${path}`;
}

function validZone(zone: string | null): string {
  if (!zone) return DEFAULT_TIME_ZONE;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return zone;
  } catch {
    return DEFAULT_TIME_ZONE;
  }
}
