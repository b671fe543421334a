import { FIRM_SLUG_PATTERN, isIanaTimeZone } from './firms';

describe('firm settings', () => {
  it('accepts canonical IANA time zones and UTC, and refuses anything else', () => {
    for (const zone of ['UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Tokyo'])
      expect({ zone, ok: isIanaTimeZone(zone) }).toEqual({ zone, ok: true });
    for (const zone of [
      '',
      'utc',
      'america/new_york',
      'Mars/Olympus_Mons',
      'EST5EDT ',
      42,
      null,
      'Europe/Berlin\u0000',
    ])
      expect({ zone, ok: isIanaTimeZone(zone) }).toEqual({ zone, ok: false });
  });

  it('takes slugs of 3 to 63 lower-case letters, digits and single inner hyphens', () => {
    for (const slug of ['abc', 'smith-partners', 'a1-b2-c3', 'x'.repeat(63)])
      expect({ slug, ok: FIRM_SLUG_PATTERN.test(slug) }).toEqual({ slug, ok: true });
    for (const slug of [
      'ab',
      'x'.repeat(64),
      '-abc',
      'abc-',
      'a--b',
      'Smith',
      'smith partners',
      'smith_partners',
      'smïth',
    ])
      expect({ slug, ok: FIRM_SLUG_PATTERN.test(slug) }).toEqual({ slug, ok: false });
  });
});
