import { readHl7Fixture } from '../../../../test/fixtures/hl7/index.js';
import { buildAck, buildErrorAck } from './ack.js';
import { Hl7ParseError } from './errors.js';
import { parseOruR01 } from './oru-r01.js';
import { tokeniseHl7 } from './segments.js';

const NOW = new Date('2024-01-15T13:31:00Z');

function segments(ack: string, fieldSeparator = '|'): string[][] {
  expect(ack.endsWith('\r')).toBe(true);
  return ack
    .split('\r')
    .filter((line) => line !== '')
    .map((line) => line.split(fieldSeparator));
}

function errorOf(raw: string): unknown {
  try {
    parseOruR01(raw);
  } catch (error) {
    return error;
  }
  throw new Error('expected the message to fail');
}

describe('buildAck', () => {
  it('When a message is accepted, then the ACK swaps sender and receiver, has a new control ID and MSA AA', () => {
    const ack = buildAck(readHl7Fixture('oru-r01-cbc.hl7'), { code: 'AA', controlId: 'ACK-1', now: NOW });

    expect(segments(ack)).toEqual([
      [
        'MSH',
        '^~\\&',
        'SMARTCLINIX',
        'RIVERSIDE_CLINIC',
        'NW_LIS',
        'NORTHWIND_LAB^2.16.840.1.113883.3.999.1^ISO',
        '20240115133100+0000',
        '',
        'ACK^R01^ACK',
        'ACK-1',
        'P',
        '2.5.1',
      ],
      ['MSA', 'AA', 'NWL-20240115-0001'],
    ]);
  });

  it('When no control ID is given, then a fresh 20-character one is generated for each ACK', () => {
    const raw = readHl7Fixture('oru-r01-cbc.hl7');
    const first = segments(buildAck(raw, { code: 'AA' }))[0]![9];
    const second = segments(buildAck(raw, { code: 'AA' }))[0]![9];

    expect(first).toMatch(/^[0-9a-f]{20}$/);
    expect(second).not.toBe(first);
  });

  it('When a message is answered AE, then MSA-3 and an ERR segment carry the 0357 code, location and escaped text', () => {
    const ack = buildAck(readHl7Fixture('oru-r01-cbc.hl7'), {
      code: 'AE',
      errorCode: '102',
      errorLocation: { segment: 'OBX', occurrence: 3, field: 5 },
      errorText: 'value|not numeric',
      now: NOW,
    });

    const [, msa, err] = segments(ack);
    expect(msa).toEqual(['MSA', 'AE', 'NWL-20240115-0001', 'value\\F\\not numeric']);
    expect(err).toEqual(['ERR', '', 'OBX^3^5^^', '102^Data type error^HL70357', 'E', '', '', '', 'value\\F\\not numeric']);
  });

  it('When the original uses custom delimiters, then the ACK is written with them', () => {
    const ack = buildAck(readHl7Fixture('oru-r01-custom-delimiters.hl7'), { code: 'AR', errorCode: '200', now: NOW });

    const [msh, msa, err] = segments(ack, '#');
    expect(msh!.slice(0, 3)).toEqual(['MSH', '$*!@', 'SMARTCLINIX']);
    expect(msh![8]).toBe('ACK$R01$ACK');
    expect(msa).toEqual(['MSA', 'AR', 'NWL-20240115-0008']);
    expect(err![3]).toBe('200$Unsupported message type$HL70357');
  });

  it('When the body cannot be parsed but MSH can, then the ACK still echoes the original control ID', () => {
    const raw = 'MSH|^~\\&|LIS|LAB|EHR|CLINIC|20240115||ORU^R01|CTRL-77|T|2.5.1\r\u0000\u0001garbage|||\rOBX before everything';

    const [msh, msa] = segments(buildAck(raw, { code: 'AE', now: NOW }));

    expect(msh![10]).toBe('T');
    expect(msa).toEqual(['MSA', 'AE', 'CTRL-77']);
  });

  it('When even MSH is unusable, then the answer is an AR with an empty MSA-2 and default delimiters', () => {
    const ack = buildAck(readHl7Fixture('garbage.hl7'), { code: 'AA', now: NOW });

    const [msh, msa, err] = segments(ack);
    expect(msh!.slice(0, 6)).toEqual(['MSH', '^~\\&', '', '', '', '']);
    expect(msh![8]).toBe('ACK');
    expect(msa).toEqual(['MSA', 'AR', '']);
    expect(err![3]).toBe('100^Segment sequence error^HL70357');
  });

  it('When the original is older than v2.5, then the error goes into ERR-1 as an ELD', () => {
    const raw = 'MSH|^~\\&|LIS|LAB|EHR|CLINIC|20240115||ORU^R01|CTRL-23|P|2.3.1\rPID|1';

    const [, , err] = segments(buildAck(raw, { code: 'AE', errorCode: '101', errorLocation: { segment: 'PID', occurrence: 1, field: 3 } }));

    expect(err).toEqual(['ERR', 'PID^1^3^101&Required field missing&HL70357']);
  });
});

describe('buildErrorAck', () => {
  it('When parsing failed with an Hl7ParseError, then its ACK code, 0357 code and location are used', () => {
    const raw = readHl7Fixture('oru-r01-cbc.hl7').replace('ORU^R01^ORU_R01', 'ORM^O01^ORM_O01');

    const [, msa, err] = segments(buildErrorAck(raw, errorOf(raw), { now: NOW }));

    expect(msa!.slice(0, 3)).toEqual(['MSA', 'AR', 'NWL-20240115-0001']);
    expect(err!.slice(2, 4)).toEqual(['MSH^1^9^^', '200^Unsupported message type^HL70357']);
  });

  it('When a content error is found, then the ACK is AE and names where, not what', () => {
    const raw = readHl7Fixture('oru-r01-cbc.hl7').replace('|138|', '|EXAMPLE ADA|');

    const ack = buildErrorAck(raw, errorOf(raw));

    expect(segments(ack)[1]!.slice(0, 2)).toEqual(['MSA', 'AE']);
    expect(ack).toContain('OBX^9^5');
    expect(ack).not.toContain('EXAMPLE ADA');
  });

  it('When the failure is not an Hl7ParseError, then a generic AE 207 is sent without the error text', () => {
    const ack = buildErrorAck(readHl7Fixture('oru-r01-cbc.hl7'), new Error('insert failed for EXAMPLE ADA'));

    expect(segments(ack)[2]![3]).toBe('207^Application internal error^HL70357');
    expect(ack).not.toContain('EXAMPLE');
  });

  it('When an ACK is built, then it is itself a well-formed HL7 message', () => {
    const ack = buildErrorAck(readHl7Fixture('oru-r01-cbc.hl7'), new Hl7ParseError('MISSING_FIELD', 'x is required', { segment: 'PID', field: 3 }));

    const { segments: parsed } = tokeniseHl7(ack);
    expect(parsed.map((segment) => segment.name)).toEqual(['MSH', 'MSA', 'ERR']);
    expect([parsed[0]!.text(9, 1), parsed[0]!.text(9, 2), parsed[1]!.text(2)]).toEqual(['ACK', 'R01', 'NWL-20240115-0001']);
    expect(parsed[2]!.text(8)).toBe('MISSING_FIELD at PID-3: x is required');
  });
});
