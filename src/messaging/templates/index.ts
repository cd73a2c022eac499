export { SUPPORTED_LANGUAGES, type Language, type TemplateOverride, type TemplateOverrides } from './catalog-types.js';
export * from './errors.js';
export { pickLanguage, type LanguageChoice } from './language.js';
export { renderEmail, type RenderedEmail } from './render-email.js';
export { type RenderContext } from './render-context.js';
export { renderSms, type RenderedSms } from './render-sms.js';
export { foldToGsm7, measureSms, SINGLE_SEGMENT_UNITS, type SmsEncoding, type SmsMeasure } from './sms-encoding.js';
export { validateTemplateOverrides } from './template-source.js';
export { TEMPLATE_KEYS, TEMPLATE_VARIABLES, isTemplateKey, type TemplateKey, type TemplateVariables, type VariableName } from './variables.js';
