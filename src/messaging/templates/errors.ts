/**
 * Typed template errors. Messages name templates, languages and variable names, never variable values:
 * values are patient data and errors end up in logs and Temporal failure messages.
 */

export abstract class TemplateError extends Error {
  constructor(
    message: string,
    readonly templateKey: string,
  ) {
    super(message);
  }
}

export class UnknownTemplateError extends TemplateError {
  override readonly name = 'UnknownTemplateError';
  constructor(templateKey: string) {
    super(`Unknown message template "${templateKey}"`, templateKey);
  }
}

/** The variable is not on the template's allow-list: the guard that keeps clinical detail out of messages. */
export class TemplateVariableNotAllowedError extends TemplateError {
  override readonly name = 'TemplateVariableNotAllowedError';
  constructor(
    templateKey: string,
    readonly variable: string,
  ) {
    super(`Template "${templateKey}" does not accept variable "${variable}"`, templateKey);
  }
}

export class MissingTemplateVariableError extends TemplateError {
  override readonly name = 'MissingTemplateVariableError';
  constructor(
    templateKey: string,
    readonly variable: string,
  ) {
    super(`Template "${templateKey}" needs variable "${variable}"`, templateKey);
  }
}

export class InvalidTemplateVariableError extends TemplateError {
  override readonly name = 'InvalidTemplateVariableError';
  constructor(
    templateKey: string,
    readonly variable: string,
    readonly reason: string,
  ) {
    super(`Variable "${variable}" of template "${templateKey}" is invalid: ${reason}`, templateKey);
  }
}

export class InvalidTemplateOverrideError extends TemplateError {
  override readonly name = 'InvalidTemplateOverrideError';
  constructor(
    templateKey: string,
    readonly language: string,
    readonly reason: string,
  ) {
    super(`Override of template "${templateKey}" (${language}) is invalid: ${reason}`, templateKey);
  }
}

/** No variant of the SMS fits one segment (160 GSM-7 septets or 70 UCS-2 code units). */
export class SmsTooLongError extends TemplateError {
  override readonly name = 'SmsTooLongError';
  constructor(
    templateKey: string,
    readonly language: string,
    readonly units: number,
    readonly encoding: 'GSM-7' | 'UCS-2',
  ) {
    const limit = encoding === 'GSM-7' ? 160 : 70;
    super(`SMS "${templateKey}" (${language}) needs ${units} ${encoding} units; one segment holds ${limit}`, templateKey);
  }
}
