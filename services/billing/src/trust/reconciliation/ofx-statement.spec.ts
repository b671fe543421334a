import { NOVEMBER_STATEMENT, ofxSgml, ofxXml, type OfxSample } from './ofx-samples';
import { parseStatementOfx } from './ofx-statement';

const TRANSACTION = 'statementOfx.OFX.BANKMSGSRSV1.STMTTRNRS.STMTRS.BANKTRANLIST.STMTTRN';

function withTransaction(index: number, change: Partial<OfxSample['transactions'][number]>): OfxSample {
  return {
    ...NOVEMBER_STATEMENT,
    transactions: NOVEMBER_STATEMENT.transactions.map((transaction, at) =>
      at === index ? { ...transaction, ...change } : transaction,
    ),
  };
}

function fieldsOf(content: string): string[] {
  const result = parseStatementOfx(content);
  expect(result.statement).toBeNull();
  return result.problems.map((problem) => problem.field);
}

describe('parseStatementOfx', () => {
  it('reads an OFX 1.02 SGML statement: period, closing balance, currency and signed minor amounts', () => {
    const result = parseStatementOfx(ofxSgml(NOVEMBER_STATEMENT));
    expect(result.problems).toEqual([]);
    expect(result.statement).toMatchObject({
      periodStart: '2026-11-01',
      periodEnd: '2026-11-27',
      closingBalanceMinor: 445000,
      currency: 'USD',
      lines: [
        {
          row: 1,
          date: '2026-11-02',
          amountMinor: 500000,
          description: 'INCOMING WIRE — ACME CORP & SONS',
          reference: '2026110200001',
        },
        { row: 2, date: '2026-11-03', amountMinor: 20000, reference: '2026110300002' },
        { row: 3, date: '2026-11-21', amountMinor: -75000, description: 'CHECK PAID', reference: '77' },
      ],
    });
  });

  it('reads the same statement from an OFX 2.2 XML file, with the same content key whatever the header', () => {
    const sgml = parseStatementOfx(ofxSgml(NOVEMBER_STATEMENT));
    const xml = parseStatementOfx(ofxXml(NOVEMBER_STATEMENT));
    expect(xml.problems).toEqual([]);
    expect(xml.statement?.lines).toEqual(sgml.statement?.lines);
    expect(xml.statement?.contentKey).toBe(sgml.statement?.contentKey);
    const another = parseStatementOfx(ofxXml(withTransaction(1, { amount: '201.00' })));
    expect(another.statement?.contentKey).not.toBe(sgml.statement?.contentKey);
  });

  it('refuses a file that is not OFX, or is cut short, naming statementOfx', () => {
    expect(fieldsOf('Date,Amount\n2026-11-02,5000.00\n')).toEqual(['statementOfx']);
    expect(fieldsOf('')).toEqual(['statementOfx']);
    const sgml = ofxSgml(NOVEMBER_STATEMENT);
    expect(fieldsOf(sgml.slice(0, sgml.indexOf('</BANKTRANLIST>')))).toEqual(['statementOfx.OFX']);
    const xml = ofxXml(NOVEMBER_STATEMENT);
    expect(fieldsOf(xml.replace('</STMTTRN>', ''))[0]).toMatch(/^statementOfx\.OFX/);
  });

  it('refuses an unreadable amount, too many decimals, an impossible date and a date outside the period', () => {
    expect(fieldsOf(ofxSgml(withTransaction(1, { amount: 'abc' })))).toEqual([`${TRANSACTION}[1].TRNAMT`]);
    expect(fieldsOf(ofxSgml(withTransaction(2, { amount: '-750.005' })))).toEqual([
      `${TRANSACTION}[2].TRNAMT`,
    ]);
    expect(fieldsOf(ofxSgml(withTransaction(0, { amount: '0.00' })))).toEqual([`${TRANSACTION}[0].TRNAMT`]);
    expect(fieldsOf(ofxXml(withTransaction(0, { posted: '20261345' })))).toEqual([
      `${TRANSACTION}[0].DTPOSTED`,
    ]);
    expect(fieldsOf(ofxSgml(withTransaction(2, { posted: '20261202' })))).toEqual([
      `${TRANSACTION}[2].DTPOSTED`,
    ]);
    expect(fieldsOf(ofxSgml(withTransaction(2, { fitId: '2026110300002' })))).toEqual([
      `${TRANSACTION}[2].FITID`,
    ]);
  });

  it('refuses a statement without a closing balance, a credit card statement and a bank error status', () => {
    expect(fieldsOf(ofxSgml(NOVEMBER_STATEMENT).replace(/<LEDGERBAL>[\s\S]*<\/LEDGERBAL>\r\n/, ''))).toEqual([
      'statementOfx.OFX.BANKMSGSRSV1.STMTTRNRS.STMTRS.LEDGERBAL.BALAMT',
    ]);
    const creditCard = ofxSgml(NOVEMBER_STATEMENT)
      .replace(/BANKMSGSRSV1/g, 'CREDITCARDMSGSRSV1')
      .replace(/STMTTRNRS/g, 'CCSTMTTRNRS')
      .replace(/<STMTRS>/g, '<CCSTMTRS>')
      .replace(/<\/STMTRS>/g, '</CCSTMTRS>');
    const result = parseStatementOfx(creditCard);
    expect(result.problems).toEqual([
      expect.objectContaining({
        field: 'statementOfx.OFX.BANKMSGSRSV1',
        message: expect.stringMatching(/credit card/),
      }),
    ]);
    const refused = ofxSgml(NOVEMBER_STATEMENT).replace(
      '<TRNUID>1\r\n<STATUS>\r\n<CODE>0',
      '<TRNUID>1\r\n<STATUS>\r\n<CODE>2000',
    );
    expect(fieldsOf(refused)).toEqual(['statementOfx.OFX.BANKMSGSRSV1.STMTTRNRS.STATUS']);
  });
});
