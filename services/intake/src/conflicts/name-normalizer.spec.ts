import { basicNormalize, explainMatch, normalizeName, type NameKind } from './name-normalizer';

const key = (name: string, kind?: NameKind): string => normalizeName(name, kind).matchKey;

describe('normalizeName', () => {
  describe('case and punctuation', () => {
    it('ignores case, punctuation and extra spaces', () => {
      expect(key('HARBORVIEW   LOGISTICS', 'company')).toBe(key('harborview logistics', 'company'));
      expect(key("Margaret O'Connell", 'person')).toBe(key('Margaret OConnell', 'person'));
      expect(key('Margaret O’Connell', 'person')).toBe(key("Margaret O'Connell", 'person'));
      expect(key('Tri-County Waste', 'company')).toBe(key('Tri County Waste', 'company'));
    });

    it('keeps digits, which tell apart otherwise equal names', () => {
      expect(key('Lighthouse Ventures Fund 2', 'company')).not.toBe(
        key('Lighthouse Ventures Fund 3', 'company'),
      );
    });
  });

  describe('diacritics', () => {
    it('compares accented letters as their base letter', () => {
      expect(normalizeName('Société Générale').normalized).toBe('societe generale');
      expect(key('Société Générale', 'company')).toBe(key('Societe Generale', 'company'));
      expect(key('José Álvarez', 'person')).toBe(key('Jose Alvarez', 'person'));
      expect(key('Björn Ekström', 'person')).toBe(key('Bjorn Ekstrom', 'person'));
    });

    it('transliterates letters that Unicode does not decompose instead of dropping them', () => {
      expect(basicNormalize('Søren Łukasz Æsir Œuvre Straße')).toBe('soren lukasz aesir oeuvre strasse');
      expect(key('Søren Lindqvist', 'person')).toBe(key('Soren Lindqvist', 'person'));
      expect(key('Łódzkie Zakłady', 'company')).toBe(key('Lodzkie Zaklady', 'company'));
      expect(key('Nordisk Sjømat AS', 'company')).toBe(key('Nordisk Sjomat', 'company'));
    });
  });

  describe('corporate suffixes', () => {
    it.each([
      'Harborview Logistics Inc',
      'Harborview Logistics, Inc.',
      'Harborview Logistics Incorporated',
      'Harborview Logistics Corp.',
      'Harborview Logistics Corporation',
      'Harborview Logistics LLC',
      'Harborview Logistics L.L.C.',
      'Harborview Logistics Ltd',
      'Harborview Logistics Limited',
      'Harborview Logistics GmbH',
      'Harborview Logistics GmbH & Co. KG',
      'Harborview Logistics B.V.',
      'Harborview Logistics S.p.A.',
      'Harborview Logistics A/S',
      'Harborview Logistics P.L.C.',
      'Harborview Logistics Co., Ltd.',
    ])('drops the entity form of %s', (name) => {
      expect(key(name, 'company')).toBe('harborview logistics');
    });

    it('recognises a company by its suffix when the kind is not given, even after a comma', () => {
      expect(key('Acme, Inc.')).toBe(key('Acme Corporation', 'company'));
      expect(key('First Lakeshore Bank, N.A.')).toBe(key('First Lakeshore Bank', 'company'));
    });

    it('drops a leading "The"', () => {
      expect(key('The Meridian Group, Inc.', 'company')).toBe(key('Meridian Group', 'company'));
      expect(key('The Meridian Group')).toBe(key('Meridian Group', 'company'));
    });

    it('treats "&" and "and" alike', () => {
      expect(key('Hollis & Grant Manufacturing Co.', 'company')).toBe(
        key('Hollis and Grant Manufacturing Company', 'company'),
      );
      expect(key('Brennan & Sons', 'company')).toBe(key('Brennan and Sons', 'company'));
    });

    it('keeps a name that is nothing but a suffix word', () => {
      expect(key('Company', 'company')).toBe('company');
    });
  });

  describe('people', () => {
    it.each([
      ['Bob Whitfield', 'Robert Whitfield'],
      ['Bill Hartley', 'William Hartley'],
      ['Liz Chen', 'Elizabeth Chen'],
      ['Beth Chen', 'Elizabeth Chen'],
      ['Kate Delacroix', 'Katherine Delacroix'],
      ['Catherine Delacroix', 'Katherine Delacroix'],
      ['Jim McAllister', 'James McAllister'],
      ['Peggy Oconnell', 'Margaret Oconnell'],
      ['Steve Galloway', 'Stephen Galloway'],
      ['Frank Delgado', 'Francis Delgado'],
    ])('counts the nickname in "%s" as the given name in "%s"', (nickname, given) => {
      expect(key(nickname, 'person')).toBe(key(given, 'person'));
    });

    it('does not read a family name as a nickname', () => {
      expect(key('Thomas Frank', 'person')).not.toBe(key('Thomas Francis', 'person'));
      expect(key('Linda Ray', 'person')).not.toBe(key('Linda Raymond', 'person'));
      expect(key('Alison Drew', 'person')).not.toBe(key('Alison Andrew', 'person'));
    });

    it('does not apply nicknames to companies', () => {
      expect(key('Frank Industries', 'company')).not.toBe(key('Francis Industries', 'company'));
    });

    it('reads "Last, First" and reversed names as the same person', () => {
      expect(key('Smith, John', 'person')).toBe(key('John Smith', 'person'));
      expect(key('Smith, John')).toBe(key('John Smith', 'person'));
      expect(key('Smith John', 'person')).toBe(key('John Smith', 'person'));
      expect(key('Galloway, Steve', 'person')).toBe(key('Stephen Galloway', 'person'));
      expect(key('van der Meer, Pieter', 'person')).toBe(key('Pieter van der Meer', 'person'));
    });

    it.each([
      'Dr. John Smith',
      'Mr John Smith',
      'Mrs. John Smith',
      'John Smith Jr.',
      'John Smith III',
      'Prof. John Smith, PhD',
      'Sir John Smith, Esq.',
    ])('ignores honorifics and generational suffixes in %s', (name) => {
      expect(key(name, 'person')).toBe(key('John Smith', 'person'));
    });
  });

  describe('names that must stay apart', () => {
    it.each<[string, string, NameKind | undefined]>([
      ['Acme Corp', 'Acme Foods Corp', 'company'],
      ['Acme Corp', 'Acme Foods Corp', undefined],
      ['Summit Health Partners', 'Summit Energy Partners', 'company'],
      ['Johnson & Johnson', 'Johnson Inc', 'company'],
      ['The Hartwell Foundation', 'Hartwell', 'company'],
      ['Eastbrook General Hospital', 'Westbrook General Hospital', 'company'],
      ['John Smith', 'Jane Smith', 'person'],
      ['Ahmed Hassan', 'Fatima Hassan', 'person'],
      ['Li Wen', 'Li Wei', 'person'],
      ['Daniel Kim', 'Daniel Kimball', 'person'],
    ])('keeps "%s" and "%s" (%s) apart', (a, b, kind) => {
      expect(key(a, kind)).not.toBe(key(b, kind));
    });
  });
});

describe('explainMatch', () => {
  it.each<[string, string, NameKind | undefined, ReturnType<typeof explainMatch>]>([
    ['ACME CORPORATION', 'Acme Corporation', 'company', 'exact'],
    ['  Grace Kim ', 'grace kim', 'person', 'exact'],
    ['Acme Corp.', 'Acme Corporation', 'company', 'normalized'],
    ['Harborview Logistics, L.L.C.', 'Harborview Logistics LLC', 'company', 'normalized'],
    ['Société Générale', 'Societe Generale S.A.', 'company', 'normalized'],
    ['Hollis & Grant', 'Hollis and Grant', 'company', 'normalized'],
    ['The Meridian Group', 'Meridian Group, Inc.', 'company', 'normalized'],
    ['Smith, John', 'John Smith', 'person', 'normalized'],
    ['Dr. John Smith', 'John Smith', 'person', 'normalized'],
    ['John Smith Jr.', 'John Smith', 'person', 'normalized'],
    ['Smith John', 'John Smith', 'person', 'token-order'],
    ['Logistics Harborview', 'Harborview Logistics Inc', 'company', 'token-order'],
    ['Bob Smith', 'Robert Smith', 'person', 'nickname'],
    ['Smith, Bob', 'Robert Smith', 'person', 'nickname'],
    ['Dr. Bob Smith', 'Robert Smith Jr.', 'person', 'nickname'],
    ['Harborveiw Logistics', 'Harborview Logistics LLC', 'company', 'fuzzy'],
    ['Thomas Francis', 'Thomas Frank', 'person', 'fuzzy'],
  ])('explains "%s" against "%s" (%s) as %s', (query, candidate, kind, rule) => {
    expect(explainMatch(query, candidate, kind)).toBe(rule);
  });
});

describe('normalizeName given-name family and family name', () => {
  it.each([
    ['Jonathan Smith', 'John Smith'],
    ['Jonathon Smyth', 'Jon Smith'],
    ['Smith, Johnny', 'Dr. Jonny Smith Jr.'],
    ['Sara Whittaker', 'Sarah Whitaker'],
    ['Mohamed Al Farsi', 'Mohammed Al-Farsi'],
  ])('puts "%s" and "%s" in one given-name family', (query, candidate) => {
    expect(normalizeName(query, 'person').givenKey).toBe(normalizeName(candidate, 'person').givenKey);
  });

  it('keeps different given names apart', () => {
    expect(normalizeName('Jane Smith', 'person').givenKey).not.toBe(
      normalizeName('John Smith', 'person').givenKey,
    );
    expect(normalizeName('Joan Smith', 'person').givenKey).not.toBe(
      normalizeName('John Smith', 'person').givenKey,
    );
  });

  it('takes the family name from the last word, after "Last, First" and without honorifics', () => {
    expect(normalizeName('Smith, John', 'person').familyName).toBe('smith');
    expect(normalizeName('Dr. Rebecca Thornton Jr.', 'person').familyName).toBe('thornton');
    expect(normalizeName("Margaret Ann O'Connell", 'person')).toMatchObject({
      givenKey: 'margaret',
      familyName: 'oconnell',
    });
  });

  it('gives companies and single words neither', () => {
    expect(normalizeName('Acme Corporation', 'company')).toMatchObject({ givenKey: null, familyName: null });
    expect(normalizeName('Madonna', 'person')).toMatchObject({ givenKey: null, familyName: null });
  });
});
