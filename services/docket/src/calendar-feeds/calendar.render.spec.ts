import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as nodeIcal from 'node-ical';
import { renderCalendar, type FeedCourtEvent, type FeedDeadline } from './calendar.render';

const deadline: FeedDeadline = {
  id: '0193a8e4-0000-7000-8000-000000000001',
  name: 'Responses to interrogatories',
  citation: 'FRCP 33(b)(2)',
  dueDate: '2026-11-30',
  dueTime: null,
  status: 'open',
  needsReview: false,
  explanation: [
    { text: 'Trigger: interrogatories served on Tuesday 2026-10-27 (by mail).' },
    { text: 'Thursday 2026-11-26 is closed (legal holiday: Thanksgiving Day).' },
    { text: 'Rule: FRCP 33(b)(2); 30 days after service, counted per FRCP 6(a)(1), +3 days per FRCP 6(d).' },
  ],
  createdAt: new Date('2026-10-28T14:00:00Z'),
  updatedAt: new Date('2026-10-28T14:05:30Z'),
};

const hearing: FeedCourtEvent = {
  id: '0193a8e4-0000-7000-8000-000000000002',
  kind: 'hearing',
  title: 'Motion to compel; discovery, round 2',
  startsAt: new Date('2026-12-15T15:00:00Z'),
  endsAt: new Date('2026-12-15T16:30:00Z'),
  timeZone: 'America/New_York',
  location: 'U.S. District Court, 500 Pearl St., New York',
  courtRoom: '15A',
  remoteUrl: null,
  judge: 'Hon. A. Smith',
  attendees: [{ name: 'Jane Roe', role: 'counsel' }, { name: 'John Doe' }],
  notes:
    'Bring the privilege log; exhibits A–F (ünïcödé) and a note long enough to be folded over several lines.',
  status: 'scheduled',
  sequence: 2,
  updatedAt: new Date('2026-11-20T09:15:00Z'),
};

const deposition: FeedCourtEvent = {
  ...hearing,
  id: '0193a8e4-0000-7000-8000-000000000003',
  kind: 'deposition',
  title: 'Deposition of the CFO',
  startsAt: new Date('2026-07-01T16:00:00Z'),
  endsAt: new Date('2026-07-01T23:00:00Z'),
  timeZone: 'America/Los_Angeles',
  location: null,
  courtRoom: null,
  remoteUrl: 'https://meet.example.com/j/123',
  judge: null,
  attendees: [],
  notes: null,
  status: 'vacated',
  sequence: 5,
};

const rendered = renderCalendar({
  name: 'Matter 2026-0001: Acme v. Widget',
  deadlines: [deadline],
  courtEvents: [hearing, deposition],
});

describe('renderCalendar', () => {
  it('writes what the golden file holds', () => {
    const golden = readFileSync(join(__dirname, 'golden', 'matter-feed.ics'), 'utf8');
    expect(rendered).toBe(golden);
  });

  it('ends every line with CRLF and folds none longer than 75 octets', () => {
    const lines = rendered.split('\r\n');
    expect(lines.at(-1)).toBe('');
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(rendered.replace(/\r\n/g, '')).not.toContain('\n');
    expect(lines.some((line) => line.startsWith(' '))).toBe(true);
  });

  it('parses back with node-ical: a stable UID, SEQUENCE, an all-day DATE deadline, zoned times and cancelled events', () => {
    const parsed = nodeIcal.sync.parseICS(rendered);
    const events = Object.values(parsed).filter(
      (component) => component?.type === 'VEVENT',
    ) as nodeIcal.VEvent[];
    expect(events.map((event) => event.uid)).toEqual([
      'deadline-0193a8e4-0000-7000-8000-000000000001@docket.lawfirm',
      'court-event-0193a8e4-0000-7000-8000-000000000002@docket.lawfirm',
      'court-event-0193a8e4-0000-7000-8000-000000000003@docket.lawfirm',
    ]);
    const [due, court, vacated] = events as [nodeIcal.VEvent, nodeIcal.VEvent, nodeIcal.VEvent];
    expect(due.datetype).toBe('date');
    expect(due.start.getFullYear() * 10_000 + (due.start.getMonth() + 1) * 100 + due.start.getDate()).toBe(
      20261130,
    );
    expect(due.summary).toBe('Responses to interrogatories (FRCP 33(b)(2))');
    expect(due.description).toContain('Thursday 2026-11-26 is closed (legal holiday: Thanksgiving Day).');
    expect(Number(due.sequence)).toBe(5);
    expect(court.datetype).toBe('date-time');
    expect(court.start.toISOString()).toBe('2026-12-15T15:00:00.000Z');
    expect(court.end?.toISOString()).toBe('2026-12-15T16:30:00.000Z');
    expect(court.start.tz).toBe('America/New_York');
    expect(court.summary).toBe('Hearing: Motion to compel; discovery, round 2');
    expect(court.location).toBe('Courtroom 15A, U.S. District Court, 500 Pearl St., New York');
    expect(court.description).toContain('ünïcödé');
    expect(Number(court.sequence)).toBe(2);
    expect(court.dtstamp?.toISOString()).toBe('2026-11-20T09:15:00.000Z');
    // Summer time in Los Angeles: 09:00 PDT is 16:00 UTC.
    expect(vacated.start.toISOString()).toBe('2026-07-01T16:00:00.000Z');
    expect(vacated.status).toBe('CANCELLED');
  });
});
