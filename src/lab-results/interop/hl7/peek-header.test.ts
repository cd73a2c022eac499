import { readHl7Fixture } from '../../../../test/fixtures/hl7/index.js';
import { peekHl7Header } from './peek-header.js';

describe('peekHl7Header', () => {
  it('When a well-formed ORU^R01 is peeked, then sender, type and control ID are read from MSH', () => {
    expect(peekHl7Header(readHl7Fixture('oru-r01-cbc.hl7'))).toEqual({
      sendingApplication: 'NW_LIS',
      sendingFacility: 'NORTHWIND_LAB',
      receivingFacility: 'RIVERSIDE_CLINIC',
      messageType: 'ORU^R01^ORU_R01',
      messageControlId: 'NWL-20240115-0001',
    });
  });

  it('When MSH-2 defines other delimiters, then the fields are still found', () => {
    expect(peekHl7Header(readHl7Fixture('oru-r01-custom-delimiters.hl7'))).toMatchObject({
      sendingFacility: 'NORTHWIND_LAB',
      messageControlId: 'NWL-20240115-0008',
    });
  });

  it('When the body after MSH is broken, then the header is still read', () => {
    const raw = 'MSH|^~\\&|LIS|LAB_A||CLINIC|20240101||ORU^R01|CTRL-9|P|2.5.1\rOBX|oops\rPID|late';
    expect(peekHl7Header(raw)).toEqual({
      sendingApplication: 'LIS',
      sendingFacility: 'LAB_A',
      receivingFacility: 'CLINIC',
      messageType: 'ORU^R01',
      messageControlId: 'CTRL-9',
    });
  });

  it('When the facility has only a universal ID, then that ID names the sender', () => {
    const raw = 'MSH|^~\\&|LIS|^2.16.840.1.113883.3.1^ISO|||20240101||ORU^R01|C1|P|2.5.1\r';
    expect(peekHl7Header(raw)?.sendingFacility).toBe('2.16.840.1.113883.3.1');
  });

  it('When fields are missing, then they are left undefined rather than empty', () => {
    expect(peekHl7Header('MSH|^~\\&\r')).toEqual({});
  });

  it('When the payload is not HL7, then nothing can be attributed', () => {
    expect(peekHl7Header(readHl7Fixture('garbage.hl7'))).toBeUndefined();
    expect(peekHl7Header('')).toBeUndefined();
  });
});
