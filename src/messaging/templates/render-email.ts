/**
 * Renders a template as an email: subject, plain text and HTML.
 *
 * Every variable value is HTML-escaped in the HTML part; catalog text is escaped too, since the HTML is
 * built from the plain text (paragraphs, with link variables as anchors). A tenant's own HTML override
 * is trusted markup, but its variables are still escaped.
 */
import { type Language } from './catalog-types.js';
import { MissingTemplateVariableError } from './errors.js';
import { escapeHtml, htmlDocument } from './html.js';
import { prepareRender, type PreparedRender, type RenderContext } from './render-context.js';
import { collapseDoubledPeriods, type Piece, placeholdersOf, renderPieces } from './template-syntax.js';
import { type TemplateKey, type TemplateVariables, VARIABLE_KINDS, type VariableName } from './variables.js';

export interface RenderedEmail {
  key: TemplateKey;
  language: Language;
  subject: string;
  text: string;
  html: string;
}

function render(prepared: PreparedRender, pieces: readonly Piece[], html: { literal: boolean } | undefined): string {
  const rendered = renderPieces(pieces, {
    literal: (text) => (html?.literal ? escapeHtml(text).replace(/\n/g, '<br>\n') : text),
    value: (name, format) => {
      const value = prepared.value(name, format, 'long');
      if (value === undefined || !html) return value;
      const escaped = escapeHtml(value);
      // Links become anchors only in HTML we build; a tenant's HTML places its own href="{{link}}".
      return html.literal && VARIABLE_KINDS[name as VariableName] === 'url' ? `<a href="${escaped}">${escaped}</a>` : escaped;
    },
  });
  if (rendered !== undefined) return collapseDoubledPeriods(rendered);
  const missing = placeholdersOf(pieces).find((p) => !p.optional && !prepared.variables.has(p.name as VariableName));
  throw new MissingTemplateVariableError(prepared.key, missing?.name ?? 'unknown');
}

export function renderEmail<K extends TemplateKey>(key: K, variables: TemplateVariables<K>, context: RenderContext): RenderedEmail {
  const prepared = prepareRender(key, variables, context);
  const { source } = prepared;
  const subject = render(prepared, source.emailSubject, undefined).replace(/\s+/g, ' ').trim();
  const paragraphs = source.emailText.map((p) => render(prepared, p, undefined).trim());
  const htmlParagraphs = source.emailText.map((p) => render(prepared, p, { literal: true }).trim());
  const body = source.emailHtml
    ? render(prepared, source.emailHtml, { literal: false })
    : htmlParagraphs.filter((p) => p !== '').map((p) => `<p>${p}</p>`).join('\n');
  return {
    key: prepared.key,
    language: prepared.language,
    subject,
    text: `${paragraphs.filter((p) => p !== '').join('\n\n')}\n`,
    html: htmlDocument(prepared.language, subject, body),
  };
}
