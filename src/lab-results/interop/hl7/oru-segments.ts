import {
  type AdministrativeSex,
  type LabObservation,
  type LabPatient,
  type LabReport,
  type PatientIdentifier,
  type ReportStatus,
  type ResultStatus,
} from '../model.js';
import { Hl7ParseError } from './errors.js';
import {
  type ReadOptions,
  readCoded,
  readDate,
  readEi,
  readName,
  readProvider,
  readTimestamp,
  required,
} from './field-readers.js';
import { type SegmentView } from './segments.js';
import { parseObservationValue } from './values.js';

/** Maps the PID, ORC/OBR, OBX and NTE segments of an ORU^R01 onto the domain model. */

const REPORT_STATUSES: ReadonlySet<string> = new Set<ReportStatus>(['O', 'I', 'S', 'A', 'P', 'C', 'R', 'F', 'X', 'Y', 'Z']);
const SEXES: ReadonlySet<string> = new Set<AdministrativeSex>(['F', 'M', 'O', 'U', 'A', 'N']);

/**
 * OBX-11 (table 0085) onto the five statuses routing distinguishes. Unverified or partial results
 * (R, S, I) are not final, U means "changed to final without retransmitting", W "wrong, withdraw"
 * and N "not asked" (no result).
 */
const RESULT_STATUS: Readonly<Record<string, ResultStatus>> = {
  P: 'P',
  F: 'F',
  C: 'C',
  X: 'X',
  D: 'D',
  R: 'P',
  S: 'P',
  I: 'P',
  U: 'F',
  W: 'D',
  N: 'X',
};

export function readPatient(pid: SegmentView): LabPatient {
  const identifiers: PatientIdentifier[] = [];
  for (const cx of pid.repetitions(3)) {
    const value = pid.leaf(cx[0]);
    if (value === undefined) {
      continue;
    }
    // CX-4 is an HD: its namespace ID, else its universal ID, names the assigning authority.
    const assigningAuthority = pid.leaf(cx[3], { subcomponent: 1 }) ?? pid.leaf(cx[3], { subcomponent: 2 });
    identifiers.push({ value, assigningAuthority, type: pid.leaf(cx[4]) });
  }
  if (identifiers.length === 0) {
    throw new Hl7ParseError('MISSING_FIELD', 'patient identifier list is required', pid.location(3));
  }
  const sex = pid.text(8)?.toUpperCase();
  return {
    identifiers,
    name: readName(pid, 5),
    birthDate: readDate(pid, 7),
    sex: sex !== undefined && SEXES.has(sex) ? (sex as AdministrativeSex) : undefined,
    notes: [],
  };
}

/** ORC is optional; OBR values win, ORC fills what OBR leaves empty. */
export function readReport(orc: SegmentView | undefined, obr: SegmentView, options: ReadOptions): LabReport {
  const placer = readEi(obr, 2) ?? (orc && readEi(orc, 2));
  const filler = readEi(obr, 3) ?? (orc && readEi(orc, 3));
  const status = required(obr.text(25), obr, 25, 'result status');
  if (!REPORT_STATUSES.has(status)) {
    throw new Hl7ParseError('INVALID_VALUE', 'result status is not in HL7 table 0123', obr.location(25));
  }
  return {
    placerOrderNumber: placer?.value,
    placerOrderNamespace: placer?.namespace,
    fillerOrderNumber: filler?.value,
    fillerOrderNamespace: filler?.namespace,
    test: required(readCoded(obr, 4), obr, 4, 'universal service identifier'),
    reportStatus: status as ReportStatus,
    observedAt: readTimestamp(obr, 7, options),
    resultedAt: readTimestamp(obr, 22, options),
    orderingProvider: readProvider(obr, 16) ?? (orc && readProvider(orc, 12)),
    notes: [],
    observations: [],
  };
}

export function readObservation(
  obx: SegmentView,
  position: number,
  report: LabReport,
  options: ReadOptions,
): LabObservation {
  const code = required(readCoded(obx, 3), obx, 3, 'observation identifier');
  const valueType = obx.text(2)?.toUpperCase();
  const hasValue = obx.repetitions(5).length > 0;
  if (hasValue && valueType === undefined) {
    throw new Hl7ParseError('MISSING_FIELD', 'value type is required when a value is present', obx.location(2));
  }
  const statusCode = required(obx.text(11)?.toUpperCase(), obx, 11, 'observation result status');
  const resultStatus = RESULT_STATUS[statusCode];
  if (resultStatus === undefined) {
    throw new Hl7ParseError('INVALID_VALUE', 'observation result status is not in HL7 table 0085', obx.location(11));
  }
  const setId = Number.parseInt(obx.text(1) ?? '', 10);
  return {
    setId: Number.isInteger(setId) && setId > 0 ? setId : position,
    valueType,
    code: code.code,
    display: code.display,
    system: code.system,
    value: hasValue && valueType !== undefined ? parseObservationValue(obx, valueType) : undefined,
    units: obx.text(6, 1) ?? obx.text(6, 2),
    referenceRange: obx.text(7),
    abnormalFlags: obx
      .repetitions(8)
      .map((components) => obx.leaf(components[0])?.trim().toUpperCase())
      .filter((flag): flag is string => flag !== undefined && flag !== ''),
    resultStatus,
    observedAt: readTimestamp(obx, 14, options) ?? report.observedAt,
    notes: [],
  };
}

/** NTE-3 is FT and may repeat: one line per repetition, \.br\ as line breaks. */
export function readNote(nte: SegmentView): string | undefined {
  const lines = nte.repetitions(3).map((components) => nte.leaf(components.join(nte.delimiters.component), { formatted: true }) ?? '');
  const note = lines.join('\n');
  return note.trim() === '' ? undefined : note;
}
