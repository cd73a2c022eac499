/**
 * The small template language: `{{name}}`, `{{appointmentAt:date}}` / `{{appointmentAt:time}}`, and
 * optional sections `[[ ... ]]` that disappear when any variable inside them has no value.
 * Deliberately tiny (no logic, no helpers, no nesting) so that tenant overrides can be checked
 * completely: every placeholder is known before anything is rendered.
 */

export type Piece =
  | { kind: 'literal'; text: string }
  | { kind: 'variable'; name: string; format: 'date' | 'time' | undefined }
  | { kind: 'section'; pieces: Piece[] };

export class TemplateSyntaxError extends Error {
  override readonly name = 'TemplateSyntaxError';
}

const TOKEN = /(\{\{\s*[A-Za-z]+(?::[a-z]+)?\s*\}\}|\[\[|\]\])/;
const PLACEHOLDER = /^\{\{\s*([A-Za-z]+)(?::([a-z]+))?\s*\}\}$/;

export function parseTemplate(source: string): Piece[] {
  const top: Piece[] = [];
  let section: Piece[] | undefined;
  for (const token of source.split(TOKEN)) {
    if (token === '') continue;
    const target = section ?? top;
    if (token === '[[') {
      if (section) throw new TemplateSyntaxError('optional sections cannot nest');
      section = [];
      top.push({ kind: 'section', pieces: section });
      continue;
    }
    if (token === ']]') {
      if (!section) throw new TemplateSyntaxError('"]]" without "[["');
      section = undefined;
      continue;
    }
    const placeholder = PLACEHOLDER.exec(token);
    if (placeholder) {
      const format = placeholder[2];
      if (format !== undefined && format !== 'date' && format !== 'time') {
        throw new TemplateSyntaxError(`unknown format ":${format}"`);
      }
      target.push({ kind: 'variable', name: placeholder[1]!, format });
      continue;
    }
    if (token.includes('{{') || token.includes('}}')) throw new TemplateSyntaxError('malformed placeholder');
    target.push({ kind: 'literal', text: token });
  }
  if (section) throw new TemplateSyntaxError('"[[" without "]]"');
  return top;
}

export interface PlaceholderUse {
  name: string;
  format: 'date' | 'time' | undefined;
  optional: boolean;
}

export function placeholdersOf(pieces: readonly Piece[], optional = false): PlaceholderUse[] {
  return pieces.flatMap((piece): PlaceholderUse[] => {
    if (piece.kind === 'variable') return [{ name: piece.name, format: piece.format, optional }];
    if (piece.kind === 'section') return placeholdersOf(piece.pieces, true);
    return [];
  });
}

export interface RenderCallbacks {
  /** Text for a variable, or undefined when it has no value. */
  value(name: string, format: 'date' | 'time' | undefined): string | undefined;
  literal(text: string): string;
}

/** Renders the pieces; undefined when a variable outside any section has no value. */
export function renderPieces(pieces: readonly Piece[], callbacks: RenderCallbacks): string | undefined {
  let out = '';
  for (const piece of pieces) {
    if (piece.kind === 'literal') out += callbacks.literal(piece.text);
    else if (piece.kind === 'variable') {
      const value = callbacks.value(piece.name, piece.format);
      if (value === undefined) return undefined;
      out += value;
    } else out += renderPieces(piece.pieces, callbacks) ?? '';
  }
  return out;
}

/**
 * A value that ends in a period ("9:30 a.m.") followed by the template's own period gives "..";
 * keep one. An ellipsis, and ".." inside a URL path, are left alone.
 */
export function collapseDoubledPeriods(text: string): string {
  return text.replace(/(?<!\.)\.\.(?=\s|<|$)/g, '.');
}
