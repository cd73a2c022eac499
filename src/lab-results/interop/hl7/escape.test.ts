import { DEFAULT_DELIMITERS, type Hl7Delimiters } from './delimiters.js';
import { escapeHl7, unescapeHl7 } from './escape.js';

const CUSTOM: Hl7Delimiters = { field: '#', component: '$', repetition: '*', escape: '!', subcomponent: '@' };

describe('unescapeHl7', () => {
  it('When a value holds \\F\\ \\S\\ \\T\\ \\R\\ \\E\\, then each becomes the delimiter it stands for', () => {
    expect(unescapeHl7('a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f', DEFAULT_DELIMITERS)).toBe('a|b^c&d~e\\f');
  });

  it('When the message uses a custom escape character, then sequences are read with it', () => {
    expect(unescapeHl7('a!F!b!S!c!E!d', CUSTOM)).toBe('a#b$c!d');
    expect(unescapeHl7('a\\F\\b', CUSTOM)).toBe('a\\F\\b');
  });

  it('When \\.br\\ appears in formatted text, then it is a line break, and in plain text a space', () => {
    expect(unescapeHl7('line 1\\.br\\line 2', DEFAULT_DELIMITERS, true)).toBe('line 1\nline 2');
    expect(unescapeHl7('line 1\\.br\\line 2', DEFAULT_DELIMITERS, false)).toBe('line 1 line 2');
    expect(unescapeHl7('a\\.sp3\\b', DEFAULT_DELIMITERS, true)).toBe('a\n\n\nb');
  });

  it('When highlighting, indent or charset commands appear, then they are dropped', () => {
    expect(unescapeHl7('\\H\\bold\\N\\ \\.in+4\\x\\Cxxyy\\y\\Zlocal\\z', DEFAULT_DELIMITERS, true)).toBe('bold xyz');
  });

  it('When a hex sequence appears, then its bytes are decoded, and a malformed one is kept literally', () => {
    expect(unescapeHl7('a\\X0D0A\\b', DEFAULT_DELIMITERS)).toBe('a\r\nb');
    expect(unescapeHl7('a\\XZZ\\b', DEFAULT_DELIMITERS)).toBe('a\\XZZ\\b');
  });

  it('When a sequence is unknown or unterminated, then the text is kept as sent', () => {
    expect(unescapeHl7('a\\Q\\b', DEFAULT_DELIMITERS)).toBe('a\\Q\\b');
    expect(unescapeHl7('trailing \\F', DEFAULT_DELIMITERS)).toBe('trailing \\F');
    expect(unescapeHl7('a\\Q\\F\\b', DEFAULT_DELIMITERS)).toBe('a\\Q|b');
  });
});

describe('escapeHl7', () => {
  it('When text holds delimiters and line breaks, then escaping and unescaping round-trip it', () => {
    const text = 'A|B^C&D~E\\F\r\nG';

    const escaped = escapeHl7(text, DEFAULT_DELIMITERS);

    expect(escaped).toBe('A\\F\\B\\S\\C\\T\\D\\R\\E\\E\\F\\X0D\\\\X0A\\G');
    expect(unescapeHl7(escaped, DEFAULT_DELIMITERS)).toBe(text);
  });

  it('When the message uses custom delimiters, then they are the ones escaped', () => {
    expect(escapeHl7('x#y$z|', CUSTOM)).toBe('x!F!y!S!z|');
  });
});
