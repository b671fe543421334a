/**
 * OFX bank statements as banks write them, for the specs: an OFX 1.02 SGML file (header lines, unclosed
 * leaf elements, a time zone on the dates) and an OFX 2.2 XML file (XML declaration, OFX processing
 * instruction, every element closed) holding the same statement.
 */

export interface OfxSampleTransaction {
  type: string;
  posted: string;
  amount: string;
  fitId: string;
  name: string;
  memo?: string;
  checkNumber?: string;
}

export interface OfxSample {
  start: string;
  end: string;
  balance: string;
  currency?: string;
  accountId?: string;
  transactions: readonly OfxSampleTransaction[];
}

/** The books of reconciliation.int-spec as the bank shows them: two wires in and the refund check. */
export const NOVEMBER_STATEMENT: OfxSample = {
  start: '20261101000000.000[-5:EST]',
  end: '20261127235959.000[-5:EST]',
  balance: '4450.00',
  transactions: [
    {
      type: 'CREDIT',
      posted: '20261102100000.000[-5:EST]',
      amount: '5000.00',
      fitId: '2026110200001',
      name: 'INCOMING WIRE',
      memo: 'ACME CORP &amp; SONS',
    },
    { type: 'CREDIT', posted: '20261103', amount: '200.00', fitId: '2026110300002', name: 'INCOMING WIRE' },
    {
      type: 'CHECK',
      posted: '20261121120000',
      amount: '-750.00',
      fitId: '2026112100003',
      name: 'CHECK PAID',
      checkNumber: '77',
    },
  ],
};

export function ofxSgml(sample: OfxSample, server = '20261128080000.000[-5:EST]'): string {
  const transactions = sample.transactions
    .map((transaction) =>
      [
        '<STMTTRN>',
        `<TRNTYPE>${transaction.type}`,
        `<DTPOSTED>${transaction.posted}`,
        `<TRNAMT>${transaction.amount}`,
        `<FITID>${transaction.fitId}`,
        ...(transaction.checkNumber ? [`<CHECKNUM>${transaction.checkNumber}`] : []),
        `<NAME>${transaction.name}`,
        ...(transaction.memo ? [`<MEMO>${transaction.memo}`] : []),
        '</STMTTRN>',
      ].join('\r\n'),
    )
    .join('\r\n');
  return [
    'OFXHEADER:100',
    'DATA:OFXSGML',
    'VERSION:102',
    'SECURITY:NONE',
    'ENCODING:USASCII',
    'CHARSET:1252',
    'COMPRESSION:NONE',
    'OLDFILEUID:NONE',
    'NEWFILEUID:NONE',
    '',
    '<OFX>',
    '<SIGNONMSGSRSV1>',
    '<SONRS>',
    '<STATUS>',
    '<CODE>0',
    '<SEVERITY>INFO',
    '</STATUS>',
    `<DTSERVER>${server}`,
    '<LANGUAGE>ENG',
    '</SONRS>',
    '</SIGNONMSGSRSV1>',
    '<BANKMSGSRSV1>',
    '<STMTTRNRS>',
    '<TRNUID>1',
    '<STATUS>',
    '<CODE>0',
    '<SEVERITY>INFO',
    '</STATUS>',
    '<STMTRS>',
    `<CURDEF>${sample.currency ?? 'USD'}`,
    '<BANKACCTFROM>',
    '<BANKID>121000248',
    `<ACCTID>${sample.accountId ?? '000123456789'}`,
    '<ACCTTYPE>CHECKING',
    '</BANKACCTFROM>',
    '<BANKTRANLIST>',
    `<DTSTART>${sample.start}`,
    `<DTEND>${sample.end}`,
    transactions,
    '</BANKTRANLIST>',
    '<LEDGERBAL>',
    `<BALAMT>${sample.balance}`,
    `<DTASOF>${sample.end}`,
    '</LEDGERBAL>',
    '</STMTRS>',
    '</STMTTRNRS>',
    '</BANKMSGSRSV1>',
    '</OFX>',
    '',
  ].join('\r\n');
}

export function ofxXml(sample: OfxSample, server = '20261128130000.000[+0:UTC]'): string {
  const element = (name: string, value: string) => `<${name}>${value}</${name}>`;
  const transactions = sample.transactions
    .map(
      (transaction) => `          <STMTTRN>
            ${element('TRNTYPE', transaction.type)}
            ${element('DTPOSTED', transaction.posted)}
            ${element('TRNAMT', transaction.amount)}
            ${element('FITID', transaction.fitId)}
            ${transaction.checkNumber ? element('CHECKNUM', transaction.checkNumber) : ''}
            ${element('NAME', transaction.name)}
            ${transaction.memo ? element('MEMO', transaction.memo) : ''}
          </STMTTRN>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>
<OFX>
  <SIGNONMSGSRSV1>
    <SONRS>
      <STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>
      ${element('DTSERVER', server)}
      <LANGUAGE>ENG</LANGUAGE>
    </SONRS>
  </SIGNONMSGSRSV1>
  <BANKMSGSRSV1>
    <STMTTRNRS>
      <TRNUID>2</TRNUID>
      <STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>
      <STMTRS>
        ${element('CURDEF', sample.currency ?? 'USD')}
        <BANKACCTFROM>
          <BANKID>121000248</BANKID>
          ${element('ACCTID', sample.accountId ?? '000123456789')}
          <ACCTTYPE>CHECKING</ACCTTYPE>
        </BANKACCTFROM>
        <BANKTRANLIST>
          ${element('DTSTART', sample.start)}
          ${element('DTEND', sample.end)}
${transactions}
        </BANKTRANLIST>
        <LEDGERBAL>${element('BALAMT', sample.balance)}${element('DTASOF', sample.end)}</LEDGERBAL>
      </STMTRS>
    </STMTTRNRS>
  </BANKMSGSRSV1>
</OFX>
`;
}
