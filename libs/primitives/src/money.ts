import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * Money as the platform keeps it: an integer count of the currency's minor units (cents,
 * pence; yen have none) plus an ISO 4217 code. Never a float: 0.1 + 0.2 is not 0.3.
 */

/**
 * ISO 4217 codes of currencies in circulation (2025). Fund codes (USN, CLF, ...), precious
 * metals (XAU), SDRs and the testing codes are left out: a receipt is never paid in them.
 * ANG and BGN stay while older receipts in them can still be entered.
 */
const CURRENCY_CODES: ReadonlySet<string> = new Set(
  `AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD
   CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD
   GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT
   LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR
   NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP
   STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VED VES VND VUV WST XAF XCD
   XCG XOF XPF YER ZAR ZMW ZWG`
    .split(/\s+/)
    .filter(Boolean),
);

export const isCurrencyCode = (value: unknown): value is string =>
  typeof value === 'string' && CURRENCY_CODES.has(value);

/**
 * An amount a person can spend: a whole, positive number of minor units that JavaScript holds
 * exactly (below 2^53; PostgreSQL's bigint goes further, JSON numbers do not).
 */
export const isPositiveMinorAmount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value > 0;

/**
 * node-postgres returns bigint as a string so it never silently loses precision; amounts here
 * stay below 2^53, and one that does not is a broken row, not something to round.
 */
export function minorAmountFromDb(value: string | number): number {
  const amount = typeof value === 'number' ? value : /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(amount))
    throw new RangeError(`amount_minor ${String(value)} is not an integer JavaScript can hold exactly`);
  return amount;
}

/** Money as the API and the events carry it. */
export interface Money {
  amountMinor: number;
  currency: string;
}

/** DTO decorator: an ISO 4217 code of a currency in circulation. */
export function IsCurrencyCode(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCurrencyCode',
      validator: {
        validate: (value: unknown) => isCurrencyCode(value),
        defaultMessage: (args) =>
          `${args?.property ?? 'currency'} must be an ISO 4217 currency code in circulation, such as USD`,
      },
    },
    options,
  );
}

/** DTO decorator: a whole, positive number of minor units (cents) JavaScript holds exactly. */
export function IsPositiveMinorAmount(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPositiveMinorAmount',
      validator: {
        validate: (value: unknown) => isPositiveMinorAmount(value),
        defaultMessage: (args) =>
          `${args?.property ?? 'amountMinor'} must be a whole, positive number of minor units (cents), below 2^53`,
      },
    },
    options,
  );
}
