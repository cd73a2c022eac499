import { readHl7Fixture } from '../../../../test/fixtures/hl7/index.js';
import { Hl7ParseError } from './errors.js';
import { parseOruR01 } from './oru-r01.js';

const MSH = 'MSH|^~\\&|NW_LIS|NORTHWIND_LAB|SMARTCLINIX|RIVERSIDE_CLINIC|20240115083000-0500||ORU^R01^ORU_R01|CTRL-1|P|2.5.1';
const PID = 'PID|1||MRN100234^^^RIVERSIDE_CLINIC^MR||EXAMPLE^ADA||19800214|F';
const OBR = 'OBR|1|ORD-1|ACC-1|2823-3^Potassium^LN|||20240115073000-0500||||||||||||||||||F';
const OBX = 'OBX|1|NM|2823-3^Potassium^LN||4.1|mmol/L|3.5-5.1|N|||F';

function message(...segments: string[]): string {
  return segments.join('\r');
}

function parseError(raw: string): Hl7ParseError {
  try {
    parseOruR01(raw);
  } catch (error) {
    if (error instanceof Hl7ParseError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected an Hl7ParseError');
}

describe('parseOruR01', () => {
  it('When a CBC with ten OBX arrives, then header, patient, order and every typed observation are mapped', () => {
    const parsed = parseOruR01(readHl7Fixture('oru-r01-cbc.hl7'));

    expect(parsed).toMatchObject({
      source: 'hl7v2',
      messageControlId: 'NWL-20240115-0001',
      sendingApplication: 'NW_LIS',
      sendingFacility: 'NORTHWIND_LAB',
      receivingApplication: 'SMARTCLINIX',
      receivingFacility: 'RIVERSIDE_CLINIC',
      messageType: 'ORU^R01',
      sentAt: '2024-01-15T13:30:00.000Z',
      version: '2.5.1',
      patient: {
        identifiers: [{ value: 'MRN100234', assigningAuthority: 'RIVERSIDE_CLINIC', type: 'MR' }],
        name: { family: 'EXAMPLE', given: ['ADA', 'Q'] },
        birthDate: '1980-02-14',
        sex: 'F',
      },
    });
    expect(parsed.reports).toHaveLength(1);
    const [report] = parsed.reports;
    expect(report).toMatchObject({
      placerOrderNumber: 'ORD-5001',
      placerOrderNamespace: 'SMARTCLINIX',
      fillerOrderNumber: 'ACC-778001',
      fillerOrderNamespace: 'NORTHWIND_LAB',
      test: { code: '58410-2', display: 'CBC panel - Blood by Automated count', system: 'http://loinc.org' },
      reportStatus: 'F',
      observedAt: '2024-01-15T12:30:00.000Z',
      resultedAt: '2024-01-15T13:25:00.000Z',
      orderingProvider: { id: '1234567890', family: 'CAREWELL', given: ['PAT', 'J'] },
    });
    expect(report!.observations).toHaveLength(10);
    expect(report!.observations[8]).toEqual({
      setId: 9,
      valueType: 'NM',
      code: '777-3',
      display: 'Platelets [#/volume] in Blood by Automated count',
      system: 'http://loinc.org',
      value: { kind: 'numeric', value: 138 },
      units: '10*3/uL',
      referenceRange: '150-400',
      abnormalFlags: ['L'],
      resultStatus: 'F',
      observedAt: '2024-01-15T12:30:00.000Z',
      notes: [],
    });
  });

  it('When PID-3 repeats with different assigning authorities, then each identifier keeps its own authority and type', () => {
    const parsed = parseOruR01(readHl7Fixture('oru-r01-repeating-pid3.hl7'));

    expect(parsed.patient.identifiers).toEqual([
      { value: 'MRN100234', assigningAuthority: 'RIVERSIDE_CLINIC', type: 'MR' },
      { value: '555-00-0000', assigningAuthority: 'USSSA', type: 'SS' },
      // CX-4 given only as a universal ID (HD.2): that OID is the authority.
      { value: 'E-88231', assigningAuthority: '2.16.840.1.113883.3.999.7', type: 'PI' },
    ]);
  });

  it('When values contain escape sequences and \\.br\\, then delimiters are restored and FT/TX breaks become newlines', () => {
    const parsed = parseOruR01(readHl7Fixture('oru-r01-escapes.hl7'));
    const [tx, ft, st] = parsed.reports[0]!.observations;

    expect(parsed.patient.name?.family).toBe('O~BRIEN-TEST');
    expect(tx!.value).toEqual({ kind: 'text', text: 'Margins: clear\nRatio A|B ^ C&D~E \\ done\nSecond line' });
    expect(ft!.value).toEqual({ kind: 'text', text: 'History\nBold text\n\nend' });
    expect(st!.value).toEqual({ kind: 'text', text: 'Weight 12|14 g' });
    expect(st!.notes).toEqual(['Reviewed by pathologist\nSigned electronically']);
  });

  it('When OBX-2 is SN, then comparator, numbers and separator are structured', () => {
    const observations = parseOruR01(readHl7Fixture('oru-r01-sn-values.hl7')).reports[0]!.observations;

    expect(observations.map((observation) => observation.value)).toEqual([
      { kind: 'structured-numeric', comparator: '<', value1: 1.005 },
      { kind: 'structured-numeric', value1: 1, separator: ':', value2: 128 },
      { kind: 'structured-numeric', comparator: '>', value1: 500 },
      { kind: 'structured-numeric', value1: 10, separator: '-', value2: 20 },
      { kind: 'structured-numeric', value1: 2, separator: '+' },
      // "<5.0" sent in an NM field is read as the SN it means.
      { kind: 'structured-numeric', comparator: '<', value1: 5 },
    ]);
  });

  it('When NTE segments follow PID, OBR and OBX, then each note is attached to the segment it follows', () => {
    const parsed = parseOruR01(readHl7Fixture('oru-r01-notes.hl7'));
    const [report] = parsed.reports;

    expect(parsed.patient.notes).toEqual(['Patient fasting 12 hours']);
    expect(report!.notes).toEqual(['Specimen slightly lipemic', 'Results reviewed\nby lab director']);
    expect(report!.observations.map((observation) => observation.notes)).toEqual([
      ['Consider repeat in 3 months'],
      [],
      ['Direct LDL measured', 'Triglycerides borderline'],
    ]);
  });

  it('When one message holds two ORC/OBR groups, then each report gets its own observations and notes', () => {
    const reports = parseOruR01(readHl7Fixture('oru-r01-two-orders.hl7')).reports;

    expect(reports.map((report) => [report.placerOrderNumber, report.fillerOrderNumber, report.test.code])).toEqual([
      ['ORD-5007', 'ACC-778007', '4548-4'],
      ['ORD-5008', 'ACC-778008', '3016-3'],
    ]);
    expect(reports[0]!.observations.map((observation) => observation.code)).toEqual(['4548-4']);
    expect(reports[0]!.observations[0]!.notes).toEqual(['Consistent with diabetes']);
    expect(reports[1]!.notes).toEqual(['Sample received at ambient temperature']);
    expect(reports[1]!.observations.map((observation) => observation.code)).toEqual(['3016-3', '5778-6']);
    expect(reports[1]!.observations[1]!.value).toEqual({
      kind: 'coded',
      code: '371244009',
      display: 'Yellow color',
      system: 'http://snomed.info/sct',
    });
  });

  it('When MSH-2 defines custom delimiters, then fields, repetitions, subcomponents and escapes use them', () => {
    const parsed = parseOruR01(readHl7Fixture('oru-r01-custom-delimiters.hl7'));
    const observation = parsed.reports[0]!.observations[0]!;

    expect(parsed.messageControlId).toBe('NWL-20240115-0008');
    expect(parsed.patient.identifiers).toEqual([
      { value: 'MRN100234', assigningAuthority: 'RIVERSIDE_CLINIC', type: 'MR' },
      { value: 'H-4410', assigningAuthority: '2.16.840.1.113883.3.999.9', type: 'PI' },
    ]);
    expect(observation).toMatchObject({ code: '2345-7', value: { kind: 'numeric', value: 38 }, abnormalFlags: ['LL', 'A'] });
    expect(observation.notes).toEqual(['Called to ward#unit 4 at 08:40\nRead back confirmed']);
  });

  it('When segments end in LF or CRLF instead of CR, then the message parses the same as with CR', () => {
    const withCr = parseOruR01(readHl7Fixture('oru-r01-cbc.hl7'));
    const withLf = parseOruR01(readHl7Fixture('oru-r01-lf-line-endings.hl7'));
    const withCrLf = parseOruR01(readHl7Fixture('oru-r01-cbc.hl7').replace(/\r/g, '\r\n'));

    expect(readHl7Fixture('oru-r01-lf-line-endings.hl7')).not.toContain('\r');
    expect({ ...withLf, messageControlId: withCr.messageControlId }).toEqual(withCr);
    expect(withCrLf).toEqual(withCr);
  });

  it('When a result is corrected, then OBR-25 and OBX-11 say C', () => {
    const report = parseOruR01(readHl7Fixture('oru-r01-corrected.hl7')).reports[0]!;

    expect(report.reportStatus).toBe('C');
    expect(report.observations.map((observation) => observation.resultStatus)).toEqual(['F', 'C']);
  });

  it('When a preliminary result is followed by the final one, then both carry the same accession with P then F', () => {
    const preliminary = parseOruR01(readHl7Fixture('oru-r01-preliminary.hl7')).reports[0]!;
    const final = parseOruR01(readHl7Fixture('oru-r01-final.hl7')).reports[0]!;

    expect(preliminary.fillerOrderNumber).toBe(final.fillerOrderNumber);
    expect([preliminary.reportStatus, preliminary.observations[0]!.resultStatus]).toEqual(['P', 'P']);
    expect([final.reportStatus, final.observations[0]!.resultStatus]).toEqual(['F', 'F']);
  });

  it('When the sender time zone is configured, then timestamps without an offset become UTC instants', () => {
    const raw = message(MSH.replace('20240115083000-0500', '20240115083000'), PID, OBR.replace('-0500', ''), OBX);

    expect(parseOruR01(raw).sentAt).toBe('2024-01-15T08:30:00');
    expect(parseOruR01(raw, { defaultTimezoneOffset: '-0500' }).sentAt).toBe('2024-01-15T13:30:00.000Z');
  });

  it('When ORC carries the order numbers and provider but OBR does not, then the ORC values are used', () => {
    const orc = 'ORC|RE|ORD-9^SMARTCLINIX|ACC-9^NW|||||||||555^WELBY^MARCUS';
    const obr = 'OBR|1|||2823-3^Potassium^LN|||20240115073000-0500||||||||||||||||||F';

    const report = parseOruR01(message(MSH, PID, orc, obr, OBX)).reports[0]!;

    expect(report).toMatchObject({
      placerOrderNumber: 'ORD-9',
      fillerOrderNumber: 'ACC-9',
      orderingProvider: { id: '555', family: 'WELBY', given: ['MARCUS'] },
    });
  });

  it('When OBX-3 has a local primary code and a LOINC alternate, then the LOINC code is used', () => {
    const obx = 'OBX|1|NM|K^Potassium local^L^2823-3^Potassium^LN||4.1|mmol/L|3.5-5.1|N|||F';

    const observation = parseOruR01(message(MSH, PID, OBR, obx)).reports[0]!.observations[0]!;

    expect([observation.code, observation.system]).toEqual(['2823-3', 'http://loinc.org']);
  });

  it('When OBX segments follow an SPM, then those specimen observations are not reported as results', () => {
    const spm = 'SPM|1|SP-1||119297000^Blood specimen^SCT';
    const specimenObx = 'OBX|2|CWE|33882-2^Collection date^LN||Y^Yes^HL70136||||||F';

    const report = parseOruR01(message(MSH, PID, OBR, OBX, spm, specimenObx, 'NTE|1||specimen note')).reports[0]!;

    expect(report.observations.map((observation) => observation.code)).toEqual(['2823-3']);
    expect(report.observations[0]!.notes).toEqual([]);
  });

  it('When an NTE sits between ORC and OBR, then it belongs to that order', () => {
    const report = parseOruR01(message(MSH, PID, 'ORC|RE|ORD-1', 'NTE|1||order comment', OBR, OBX)).reports[0]!;

    expect(report.notes).toEqual(['order comment']);
    expect(report.observations[0]!.notes).toEqual([]);
  });

  it('When a PRT or Z segment sits between an OBX and its NTE, then the note still belongs to that OBX', () => {
    const prt = 'PRT|1|AD||RO^Responsible Observer^HL70912|555^WELBY^MARCUS';

    const report = parseOruR01(message(MSH, PID, OBR, OBX, prt, 'ZXT|1|site data', 'NTE|1||observer note')).reports[0]!;

    expect(report.observations[0]!.notes).toEqual(['observer note']);
  });

  it('When the text is not HL7 at all, then MISSING_MSH is thrown', () => {
    expect(parseError(readHl7Fixture('garbage.hl7')).code).toBe('MISSING_MSH');
  });

  it.each([
    ['another message type', 'UNSUPPORTED_MESSAGE_TYPE', message(MSH.replace('ORU^R01^ORU_R01', 'ADT^A01^ADT_A01'), PID), 'MSH', 9],
    ['no MSH-10', 'MISSING_FIELD', message(MSH.replace('CTRL-1', ''), PID, OBR, OBX), 'MSH', 10],
    ['no PID-3', 'MISSING_FIELD', message(MSH, 'PID|1||||EXAMPLE^ADA', OBR, OBX), 'PID', 3],
    ['an OBX before any OBR', 'SEGMENT_SEQUENCE', message(MSH, PID, OBX), 'OBX', undefined],
    ['no OBR', 'MISSING_SEGMENT', message(MSH, PID), 'OBR', undefined],
    ['no OBR-4', 'MISSING_FIELD', message(MSH, PID, OBR.replace('2823-3^Potassium^LN', ''), OBX), 'OBR', 4],
    ['no OBR-25', 'MISSING_FIELD', message(MSH, PID, OBR.replace(/F$/, ''), OBX), 'OBR', 25],
    ['an unknown OBX-11', 'INVALID_VALUE', message(MSH, PID, OBR, OBX.replace(/F$/, 'Q')), 'OBX', 11],
    ['a non-numeric NM', 'INVALID_VALUE', message(MSH, PID, OBR, OBX.replace('4.1', 'high')), 'OBX', 5],
    ['a malformed SN', 'INVALID_VALUE', message(MSH, PID, OBR, 'OBX|1|SN|2823-3^K^LN||^abc|mmol/L|||||F'), 'OBX', 5],
    ['two PIDs', 'MULTIPLE_PATIENTS', message(MSH, PID, PID, OBR, OBX), 'PID', undefined],
    ['duplicate delimiters in MSH-2', 'INVALID_ENCODING_CHARACTERS', message('MSH|^^\\&|A|B|C|D|20240115||ORU^R01|X|P|2.5.1', PID), 'MSH', 2],
  ])('When the message has %s, then %s is thrown at the right location', (_case, code, raw, segment, field) => {
    const error = parseError(raw);

    expect(error.code).toBe(code);
    expect(error.location).toMatchObject({ segment, ...(field === undefined ? {} : { field }) });
  });

  it('When a field value is invalid, then the error message names the location but never the value', () => {
    const phi = 'EXAMPLE-ADA-19800214';
    const badValue = parseError(message(MSH, PID, OBR, OBX.replace('4.1', phi)));
    const badBirthDate = parseError(message(MSH, 'PID|1||MRN100234^^^RIVERSIDE_CLINIC^MR||EXAMPLE^ADA||19801399|F', OBR, OBX));

    expect(badValue.message).toContain('OBX[1]-5');
    expect(badValue.message).not.toContain(phi);
    expect(badBirthDate.location).toMatchObject({ segment: 'PID', field: 7 });
    expect(badBirthDate.message).not.toContain('19801399');
    expect(badBirthDate.message).not.toContain('EXAMPLE');
  });
});
