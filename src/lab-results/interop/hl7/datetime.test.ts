import { formatHl7DateTime, parseHl7DateTime } from './datetime.js';

describe('parseHl7DateTime', () => {
  it('When the timestamp carries an offset, then it becomes a UTC instant', () => {
    expect(parseHl7DateTime('20240115083000-0500')).toBe('2024-01-15T13:30:00.000Z');
    expect(parseHl7DateTime('202401150830+0130')).toBe('2024-01-15T07:00:00.000Z');
  });

  it('When fractional seconds are given, then they are read as a fraction, not as milliseconds', () => {
    expect(parseHl7DateTime('20240115083000.5+0000')).toBe('2024-01-15T08:30:00.500Z');
    expect(parseHl7DateTime('20240115083000.1234+0000')).toBe('2024-01-15T08:30:00.123Z');
  });

  it('When no offset is given, then the local time is kept floating unless a default offset is configured', () => {
    expect(parseHl7DateTime('20240115083000')).toBe('2024-01-15T08:30:00');
    expect(parseHl7DateTime('20240115083000', '-0500')).toBe('2024-01-15T13:30:00.000Z');
  });

  it('When only a date (or year-month) is given, then the date keeps its precision', () => {
    expect(parseHl7DateTime('19800214')).toBe('1980-02-14');
    expect(parseHl7DateTime('198002')).toBe('1980-02');
    expect(parseHl7DateTime('19800214', '+0900')).toBe('1980-02-14');
  });

  it.each(['garbage', '2024011', '20241301', '20240230', '20240115250000', '20240115083000-9900', '20240115083000+05'])(
    'When the text is %s, then it is rejected',
    (text) => {
      expect(parseHl7DateTime(text)).toBeUndefined();
    },
  );
});

describe('formatHl7DateTime', () => {
  it('When an instant is formatted, then it is a UTC DTM with +0000', () => {
    expect(formatHl7DateTime(new Date('2024-01-15T13:30:05.250Z'))).toBe('20240115133005+0000');
  });
});
