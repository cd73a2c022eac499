import { type CodeableConcept, type Observation, type Quantity } from '@medplum/fhirtypes';
import { isLoinc, normaliseCodingSystem } from '../coding-systems.js';
import { type CodedConcept, type ObservationValue, type ReportStatus, type ResultStatus } from '../model.js';

/** Element-level mappings from FHIR R4 onto the HL7-shaped domain model. */

/** DiagnosticReport.status onto OBR-25 (after the HL7 v2-to-FHIR ConceptMap, read backwards). */
export const REPORT_STATUS: Readonly<Record<string, ReportStatus>> = {
  registered: 'O',
  partial: 'A',
  preliminary: 'P',
  final: 'F',
  amended: 'C',
  corrected: 'C',
  appended: 'C',
  cancelled: 'X',
  'entered-in-error': 'X',
};

/** Observation.status onto OBX-11. `unknown` is deliberately absent: such a result cannot be routed. */
export const RESULT_STATUS: Readonly<Record<string, ResultStatus>> = {
  registered: 'P',
  preliminary: 'P',
  final: 'F',
  amended: 'C',
  corrected: 'C',
  cancelled: 'X',
  'entered-in-error': 'D',
};

const INTERPRETATION_SYSTEMS = new Set([
  'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
  'http://terminology.hl7.org/CodeSystem/v2-0078',
]);

/** FHIR dateTime/instant: with a time part it carries an offset, so it becomes a UTC instant; dates stay dates. */
export function normaliseDateTime(value: string | undefined): string | undefined {
  if (value === undefined || !value.includes('T')) {
    return value;
  }
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? value : instant.toISOString();
}

/** The LOINC coding when there is one, else the first coding with a code. */
export function pickCoding(concept: CodeableConcept | undefined): CodedConcept | undefined {
  const codings = (concept?.coding ?? []).filter((coding) => coding.code !== undefined);
  const chosen = codings.find((coding) => isLoinc(coding.system)) ?? codings[0];
  if (chosen?.code === undefined) {
    return undefined;
  }
  return { code: chosen.code, display: chosen.display ?? concept?.text, system: normaliseCodingSystem(chosen.system) };
}

/** v3 ObservationInterpretation (or v2 table 0078) codes, upper-cased like OBX-8 flags. */
export function interpretationFlags(observation: Observation): string[] {
  const flags = (observation.interpretation ?? [])
    .flatMap((concept) => concept.coding ?? [])
    .filter((coding) => coding.code !== undefined && (coding.system === undefined || INTERPRETATION_SYSTEMS.has(coding.system)))
    .map((coding) => (coding.code as string).toUpperCase());
  return [...new Set(flags)];
}

function quantityUnits(quantity: Quantity | undefined): string | undefined {
  return quantity?.code ?? quantity?.unit;
}

export function referenceRangeText(observation: Observation): string | undefined {
  const [range] = observation.referenceRange ?? [];
  if (range === undefined) {
    return undefined;
  }
  const low = range.low?.value;
  const high = range.high?.value;
  if (low !== undefined && high !== undefined) {
    return `${low}-${high}`;
  }
  if (low !== undefined) {
    return `>${low}`;
  }
  return high !== undefined ? `<${high}` : range.text;
}

export interface MappedValue {
  valueType?: string;
  value?: ObservationValue;
  units?: string;
}

/**
 * value[x] onto OBX-2/OBX-5/OBX-6. Returns undefined for value types that have no HL7 result
 * equivalent here (SampledData, Period), which the caller rejects rather than drop.
 */
export function mapValue(observation: Observation): MappedValue | undefined {
  const o = observation;
  if (o.valueQuantity !== undefined) {
    const { value, comparator } = o.valueQuantity;
    const units = quantityUnits(o.valueQuantity);
    if (value === undefined) {
      return { units };
    }
    return comparator
      ? { valueType: 'SN', value: { kind: 'structured-numeric', comparator, value1: value }, units }
      : { valueType: 'NM', value: { kind: 'numeric', value }, units };
  }
  if (o.valueInteger !== undefined) {
    return { valueType: 'NM', value: { kind: 'numeric', value: o.valueInteger } };
  }
  if (o.valueRange !== undefined) {
    const units = quantityUnits(o.valueRange.low) ?? quantityUnits(o.valueRange.high);
    const { low, high } = o.valueRange;
    const value: ObservationValue = { kind: 'structured-numeric', value1: low?.value, separator: '-', value2: high?.value };
    return { valueType: 'SN', value, units };
  }
  if (o.valueRatio !== undefined) {
    const { numerator, denominator } = o.valueRatio;
    const value: ObservationValue = {
      kind: 'structured-numeric',
      value1: numerator?.value,
      separator: ':',
      value2: denominator?.value,
    };
    return { valueType: 'SN', value };
  }
  if (o.valueCodeableConcept !== undefined) {
    const coded = pickCoding(o.valueCodeableConcept);
    if (coded) {
      return { valueType: 'CWE', value: { kind: 'coded', ...coded } };
    }
    const text = o.valueCodeableConcept.text;
    return text === undefined ? {} : { valueType: 'ST', value: { kind: 'text', text } };
  }
  const textual: [string | undefined, string][] = [
    [o.valueString, 'ST'],
    [o.valueBoolean === undefined ? undefined : String(o.valueBoolean), 'ST'],
    [o.valueDateTime, 'DTM'],
    [o.valueTime, 'TM'],
  ];
  const found = textual.find(([text]) => text !== undefined);
  if (found?.[0] !== undefined) {
    return { valueType: found[1], value: { kind: 'text', text: found[0] } };
  }
  const unsupported = o.valueSampledData ?? o.valuePeriod;
  return unsupported === undefined ? {} : undefined;
}
