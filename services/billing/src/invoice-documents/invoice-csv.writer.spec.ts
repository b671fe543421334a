import { parse } from 'csv-parse/sync';
import { sampleInvoice } from '../ledes/ledes.service';
import { invoiceLinesCsv } from './invoice-csv.writer';

describe('invoiceLinesCsv', () => {
  it('writes a header and one row per line, amounts as decimals in the invoice currency', () => {
    const csv = invoiceLinesCsv(sampleInvoice({}, 2000));
    expect(csv.split('\r\n')[0]).toBe(
      'invoice_number,line_number,type,date,timekeeper_id,timekeeper_name,classification,task_code,activity_code,expense_code,description,units,unit_cost,adjustment,net_amount,tax_type,tax_rate,tax_amount,total,currency',
    );
    const rows = parse(csv, { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(6);
    expect(rows[1]).toEqual({
      invoice_number: 'INV-2026-0042',
      line_number: '2',
      type: 'fee',
      date: '2026-10-05',
      timekeeper_id: 'TK-014',
      timekeeper_name: 'Reyes, Daniel',
      classification: 'AS',
      task_code: 'L120',
      activity_code: 'A102',
      expense_code: '',
      description: 'Research on limitation-of-liability clauses under New York law; memo to M. Okafor.',
      units: '3.2',
      unit_cost: '385.00',
      adjustment: '-115.50',
      net_amount: '1116.50',
      tax_type: 'VAT',
      tax_rate: '0.2000',
      tax_amount: '223.30',
      total: '1339.80',
      currency: 'USD',
    });
  });

  it('quotes commas, quotes and line breaks, and keeps a narrative from running as a spreadsheet formula', () => {
    const invoice = sampleInvoice();
    invoice.lines[0] = { ...invoice.lines[0]!, description: '=HYPERLINK("http://x","click"), then\nmore' };
    invoice.lines[1] = { ...invoice.lines[1]!, description: '-call with "Acme", re: fees' };
    const rows = parse(invoiceLinesCsv(invoice), { columns: true }) as Array<Record<string, string>>;
    expect(rows[0]!.description).toBe('\'=HYPERLINK("http://x","click"), then\nmore');
    expect(rows[1]!.description).toBe('\'-call with "Acme", re: fees');
    expect(rows[1]!.adjustment).toBe('-115.50');
  });
});
