import {
  billableOf,
  derivedExternalId,
  entryFromRecord,
  hoursAsDuration,
  isoDate,
  mapColumns,
  MappingError,
  parseMapOption,
} from './csv-mapping';

describe('mapColumns', () => {
  it('recognises common header spellings whatever their case and punctuation', () => {
    const mapping = mapColumns([
      'Entry ID',
      'MATTER_ID',
      'Work Date',
      'Hours',
      'Description',
      'Billable?',
      'Task Code',
      'activity',
      'Client Name',
    ]);

    expect(mapping.columns).toEqual({
      externalId: 0,
      matterId: 1,
      workDate: 2,
      hours: 3,
      narrative: 4,
      billable: 5,
      taskCode: 6,
      activityCode: 7,
    });
    expect(mapping.unused).toEqual(['Client Name']);
  });

  it('lets --map name columns the defaults do not know', () => {
    const mapping = mapColumns(
      ['Akte', 'Datum', 'Stunden', 'Text'],
      parseMapOption('Akte=matterId,Datum=workDate,Stunden=hours,Text=narrative'),
    );

    expect(mapping.columns).toEqual({ matterId: 0, workDate: 1, hours: 2, narrative: 3 });
  });

  it('lets --map take a column the defaults would give to another field', () => {
    const mapping = mapColumns(
      ['Matter', 'Date', 'Time', 'Narrative', 'ID'],
      parseMapOption('ID=matterId,Matter=externalId'),
    );

    expect(mapping.columns).toMatchObject({ matterId: 4, externalId: 0, duration: 2 });
  });

  it('uses only the time column --map names when the file has several', () => {
    const mapping = mapColumns(
      ['Matter', 'Date', 'Hours', 'Minutes', 'Narrative'],
      parseMapOption('Minutes=minutes'),
    );

    expect(mapping.columns).toMatchObject({ minutes: 3 });
    expect(mapping.columns.hours).toBeUndefined();
  });

  it('refuses a file whose time could come from two columns when --map does not choose', () => {
    expect(() => mapColumns(['Matter', 'Date', 'Hours', 'Minutes', 'Narrative'])).toThrow(
      /choose one with --map/,
    );
  });

  it("names the missing fields and the file's headers when required columns are not found", () => {
    expect(() => mapColumns(['Client', 'When', 'Narrative'])).toThrow(
      new MappingError(
        "no column for matterId; workDate; minutes, hours or duration. The file's headers are: Client, When, Narrative. Map them with --map 'Header=field,…'",
      ),
    );
  });

  it('refuses --map naming a column the file does not have', () => {
    expect(() =>
      mapColumns(['Matter', 'Date', 'Hours', 'Narrative'], parseMapOption('Akte=matterId')),
    ).toThrow(/does not have/);
  });
});

describe('parseMapOption', () => {
  it('reads Header=field pairs case-insensitively in the field name', () => {
    expect([...parseMapOption('Matter No=MATTERID, Date=workdate')]).toEqual([
      ['matterno', 'matterId'],
      ['date', 'workDate'],
    ]);
  });

  it.each(['Matter', 'Matter=', '=matterId', 'Matter=colour'])('refuses %p', (text) => {
    expect(() => parseMapOption(text)).toThrow(MappingError);
  });
});

describe('entryFromRecord', () => {
  const headers = [
    'ID',
    'Matter',
    'Date',
    'Hours',
    'Narrative',
    'Billable',
    'Task',
    'Activity',
    'Timekeeper ID',
  ];
  const mapping = mapColumns(headers);
  const options = { fileName: 'export.csv', dateFormat: 'mdy' as const };

  it('converts each cell to what the batch API takes', () => {
    const entry = entryFromRecord(
      [
        'A-17',
        ' 0190a1b2-0000-7000-8000-000000000001 ',
        '11/20/2026',
        '1,5',
        'Drafted motion\nand notice',
        'N',
        'l120',
        'a103',
        'tk-1',
      ],
      7,
      mapping,
      options,
    );

    expect(entry).toEqual({
      externalId: 'A-17',
      matterId: '0190a1b2-0000-7000-8000-000000000001',
      workDate: '2026-11-20',
      duration: '1,5h',
      narrative: 'Drafted motion\nand notice',
      billable: false,
      taskCode: 'L120',
      activityCode: 'A103',
      timekeeperId: 'tk-1',
    });
  });

  it('derives the externalId from the file name and line when the row has none', () => {
    const entry = entryFromRecord(['', 'm', '2026-11-20', '2', 'Call', '', '', '', ''], 42, mapping, options);

    expect(entry).toEqual({
      externalId: 'export.csv:42',
      matterId: 'm',
      workDate: '2026-11-20',
      duration: '2h',
      narrative: 'Call',
    });
  });

  it('sends whole-number minutes as numbers and anything else as text for the API to judge', () => {
    const minutesMapping = mapColumns(['Matter', 'Date', 'Minutes', 'Narrative']);

    expect(entryFromRecord(['m', '2026-11-20', '72', 'x'], 2, minutesMapping, options).minutes).toBe(72);
    expect(entryFromRecord(['m', '2026-11-20', '7.5', 'x'], 2, minutesMapping, options).minutes).toBe('7.5');
  });
});

describe('cell conversions', () => {
  it.each([
    ['2026-11-20', 'ymd', '2026-11-20'],
    ['2026-11-20 00:00:00', 'ymd', '2026-11-20'],
    ['11/20/2026', 'mdy', '2026-11-20'],
    ['1/5/2026', 'mdy', '2026-01-05'],
    ['20.11.2026', 'dmy', '2026-11-20'],
    ['5/1/2026', 'dmy', '2026-01-05'],
    ['11/20/2026', 'ymd', '11/20/2026'],
    ['20 Nov 2026', 'dmy', '20 Nov 2026'],
  ] as const)('reads the date %p in %s order as %p', (text, format, expected) => {
    expect(isoDate(text, format)).toBe(expected);
  });

  it.each([
    ['Y', true],
    ['yes', true],
    ['Billable', true],
    ['N', false],
    ['Non-Billable', false],
    ['0', false],
    ['maybe', 'maybe'],
  ] as const)('reads billable %p as %p', (text, expected) => {
    expect(billableOf(text)).toBe(expected);
  });

  it('adds the hours unit to a bare number and leaves a duration with a unit alone', () => {
    expect(hoursAsDuration('2')).toBe('2h');
    expect(hoursAsDuration('0.25')).toBe('0.25h');
    expect(hoursAsDuration('1h 30m')).toBe('1h 30m');
  });

  it('keeps a derived externalId within 200 characters when the file name is very long', () => {
    const id = derivedExternalId(`${'x'.repeat(250)}.csv`, 123456);

    expect(id.length).toBeLessThanOrEqual(200);
    expect(id).toMatch(/^[0-9a-f]{32}:123456$/);
    expect(derivedExternalId(`${'x'.repeat(250)}.csv`, 123456)).toBe(id);
  });
});
