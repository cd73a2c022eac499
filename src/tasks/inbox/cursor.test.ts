import { decodeCursor, encodeCursor } from './cursor.js';

describe('inbox cursor', () => {
  it('When a position is encoded, then decoding returns it unchanged', () => {
    const position = { rank: 1, dueAt: '2026-03-01 10:00:00.123456+00', id: '3f1d2c4b-1111-4222-8333-944455556666' };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it.each([
    ['garbage', 'not-base64-json'],
    ['a wrong shape', Buffer.from(JSON.stringify({ rank: 1 })).toString('base64url')],
    ['a non-UUID id', Buffer.from(JSON.stringify([1, '2026-03-01T10:00:00.000Z', 'x'])).toString('base64url')],
    ['a bad date', Buffer.from(JSON.stringify([1, 'soon', '3f1d2c4b-1111-4222-8333-944455556666'])).toString('base64url')],
  ])('When the cursor is %s, then it is refused with 400', (_label, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(expect.objectContaining({ status: 400 }));
  });
});
