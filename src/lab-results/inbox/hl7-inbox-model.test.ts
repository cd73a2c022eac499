import { Hl7InboxMessage } from './hl7-inbox-model.js';

const columnsOf = (fields: Record<string, unknown>) => Hl7InboxMessage.fromJson(fields, { skipValidation: true }).$toDatabaseJson();

describe('Hl7InboxMessage', () => {
  it('When a message holds a NUL, then it is written as bytes (PostgreSQL text cannot hold one) with its byte size', () => {
    const raw = 'MSH|^~\\&|é\u0000';
    expect(columnsOf({ raw })).toEqual({ raw: null, raw_bytes: Buffer.from(raw, 'utf8'), size_bytes: Buffer.byteLength(raw, 'utf8') });
  });

  it('When a header field or an error text holds a NUL, then it is written with U+FFFD while the raw message keeps its NUL', () => {
    const raw = 'MSH|^~\\&|LIS|LAB|||||ORU^R01|C\u00001';
    expect(columnsOf({ raw, messageControlId: 'C\u00001', error: { code: 'X', text: 'bad\u0000', details: { diagnostics: 'd\u0000' } } })).toMatchObject({
      raw_bytes: Buffer.from(raw, 'utf8'),
      message_control_id: 'C\uFFFD1',
      error_text: 'bad\uFFFD',
      error_details: JSON.stringify({ diagnostics: 'd\uFFFD' }),
    });
  });

  it('When a message is plain text, then it is written as text and read back the same, as are bytes', () => {
    expect(columnsOf({ raw: 'MSH|x' })).toMatchObject({ raw: 'MSH|x', raw_bytes: null, size_bytes: 5 });
    expect(Hl7InboxMessage.fromDatabaseJson({ raw: null, raw_bytes: Buffer.from('MSH|\u0000') }).raw).toBe('MSH|\u0000');
  });

  it('When an error is written, then it fills its five columns, locations and details as JSON', () => {
    const error = { code: 'SEGMENT_SEQUENCE', text: 'OBX must follow an OBR', location: { segment: 'OBX', occurrence: 1 }, condition: '100' };
    expect(columnsOf({ error })).toEqual({
      error_code: 'SEGMENT_SEQUENCE',
      error_text: 'OBX must follow an OBR',
      error_location: JSON.stringify(error.location),
      ack_condition: '100',
      error_details: null,
    });
  });

  it('When the error columns are read, then they fold into one error without empty fields, or null without a code', () => {
    const columns = { error_code: 'UNKNOWN_SENDER', error_text: 'Sending facility is not authorised', error_location: null, ack_condition: '207', error_details: null };
    expect(Hl7InboxMessage.fromDatabaseJson(columns).error).toEqual({ code: 'UNKNOWN_SENDER', text: 'Sending facility is not authorised', condition: '207' });
    expect(Hl7InboxMessage.fromDatabaseJson({ ...columns, error_code: null }).error).toBeNull();
    expect(Object.keys(Hl7InboxMessage.fromDatabaseJson(columns).toJSON())).toEqual(['error']);
  });
});
