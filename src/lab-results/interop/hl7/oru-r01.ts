import { type LabPatient, type LabReport, type LabReportMessage } from '../model.js';
import { Hl7ParseError } from './errors.js';
import { type ReadOptions, readHd, readTimestamp, required } from './field-readers.js';
import { readNote, readObservation, readPatient, readReport } from './oru-segments.js';
import { type SegmentView, tokeniseHl7 } from './segments.js';

export type ParseOruOptions = ReadOptions;

/** Where the next NTE goes; 'discard' after specimen (SPM) content, which the model does not carry. */
type NoteTarget = { notes: string[] } | 'discard';

function readHeader(msh: SegmentView, options: ReadOptions): Omit<LabReportMessage, 'patient' | 'reports'> {
  const type = msh.text(9, 1);
  const trigger = msh.text(9, 2);
  const structure = msh.text(9, 3);
  if (type !== 'ORU' || trigger !== 'R01' || (structure !== undefined && structure !== 'ORU_R01')) {
    throw new Hl7ParseError('UNSUPPORTED_MESSAGE_TYPE', 'only ORU^R01 is accepted', msh.location(9));
  }
  return {
    source: 'hl7v2',
    messageControlId: required(msh.text(10), msh, 10, 'message control ID'),
    sendingApplication: readHd(msh, 3),
    sendingFacility: readHd(msh, 4),
    receivingApplication: readHd(msh, 5),
    receivingFacility: readHd(msh, 6),
    messageType: 'ORU^R01',
    sentAt: readTimestamp(msh, 7, options),
    version: msh.text(12),
  };
}

function outOfSequence(segment: SegmentView, reason: string): Hl7ParseError {
  return new Hl7ParseError('SEGMENT_SEQUENCE', reason, segment.location());
}

/**
 * Parses and normalises one HL7 v2 ORU^R01 message.
 *
 * Grouping follows the ORU^R01 structure: PID opens the patient, each OBR (with the ORC right
 * before it, if any) opens a report, each OBX belongs to the report above it, and an NTE belongs
 * to the PID, OBR or OBX it follows (an NTE between ORC and OBR goes to that OBR).
 * @throws Hl7ParseError with a location and no field values in its message
 */
export function parseOruR01(raw: string, options: ParseOruOptions = {}): LabReportMessage {
  const { segments } = tokeniseHl7(raw);
  const [msh, ...body] = segments;
  if (msh?.name !== 'MSH') {
    throw new Hl7ParseError('MISSING_MSH', 'message does not start with an MSH segment');
  }
  const header = readHeader(msh, options);
  let patient: LabPatient | undefined;
  const reports: LabReport[] = [];
  let report: LabReport | undefined;
  let pendingOrc: SegmentView | undefined;
  let pendingNotes: string[] = [];
  let noteTarget: NoteTarget | undefined;
  let inSpecimen = false;

  for (const segment of body) {
    switch (segment.name) {
      case 'PID':
        if (patient !== undefined) {
          throw new Hl7ParseError('MULTIPLE_PATIENTS', 'only one patient per message is supported', segment.location());
        }
        if (reports.length > 0) {
          throw outOfSequence(segment, 'PID must precede the order groups');
        }
        patient = readPatient(segment);
        noteTarget = patient;
        break;
      case 'ORC':
        if (pendingOrc !== undefined) {
          throw outOfSequence(segment, 'ORC must be followed by an OBR');
        }
        inSpecimen = false;
        pendingOrc = segment;
        pendingNotes = [];
        noteTarget = { notes: pendingNotes };
        break;
      case 'OBR':
        report = readReport(pendingOrc, segment, options);
        report.notes.push(...pendingNotes);
        reports.push(report);
        pendingOrc = undefined;
        pendingNotes = [];
        inSpecimen = false;
        noteTarget = report;
        break;
      case 'OBX': {
        if (report === undefined || pendingOrc !== undefined) {
          throw outOfSequence(segment, 'OBX must follow an OBR');
        }
        if (inSpecimen) {
          // SPM's OBX describe the specimen, not results.
          noteTarget = 'discard';
          break;
        }
        const observation = readObservation(segment, report.observations.length + 1, report, options);
        report.observations.push(observation);
        noteTarget = observation;
        break;
      }
      case 'NTE': {
        if (noteTarget === undefined) {
          throw outOfSequence(segment, 'NTE must follow a PID, OBR or OBX');
        }
        const note = readNote(segment);
        if (note !== undefined && noteTarget !== 'discard') {
          noteTarget.notes.push(note);
        }
        break;
      }
      case 'MSH':
        throw outOfSequence(segment, 'one message per payload; batches are not supported');
      case 'SPM':
        inSpecimen = true;
        noteTarget = 'discard';
        break;
      default:
        // PV1, TQ1, PRT, CTI, Z segments and the like carry nothing the model needs. They do not
        // end an NTE run: from v2.7 on, PRT may sit between an OBX and its NTE.
        break;
    }
  }
  if (pendingOrc !== undefined) {
    throw new Hl7ParseError('MISSING_SEGMENT', 'ORC must be followed by an OBR', pendingOrc.location());
  }
  if (reports.length === 0) {
    throw new Hl7ParseError('MISSING_SEGMENT', 'at least one OBR is required', { segment: 'OBR' });
  }
  return { ...header, patient: patient ?? { identifiers: [], notes: [] }, reports };
}
