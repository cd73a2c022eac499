import { createHash } from 'node:crypto';
import { canonicalJson, CanonicalJsonError } from './canonical-json.js';
import { prescriptionOrderSchema, type PrescriptionOrder } from './prescription-order.js';
import { canonicalSignedContent, signedContent, signedContentDigest } from './signed-content.js';

const order: PrescriptionOrder = {
  prescriptionId: '0f8e2c1a-7b9d-4e21-9c55-3a1d2b4c6e8f',
  tenantId: 'tenant-a',
  patientId: 'pat-123',
  prescriberId: 'prac-9',
  pharmacyId: 'pharm-1',
  authoredOn: '2025-03-04T10:15:00Z',
  medication: { rxcui: '7804', display: 'oxycodone hydrochloride 5 MG Oral Tablet' },
  deaSchedule: 'II',
  sig: 'Take 1 tablet by mouth every 6 hours as needed for pain',
  dose: { value: 5, unit: 'mg' },
  route: 'oral',
  timing: { frequency: 1, period: 6, periodUnit: 'h' },
  asNeeded: true,
  dispense: { quantity: { value: 12, unit: 'tablet' }, refills: 0, daysSupply: 3 },
  substitutionAllowed: true,
};
const screening = {
  knowledgeBaseVersion: '1.0.0',
  overrides: [
    { code: 'DDI:opioid-benzodiazepine', reason: 'Benzodiazepine taper under way; naloxone prescribed.' },
    { code: 'DOSE_ABOVE_MAX_DAILY', reason: 'Opioid-tolerant patient.' },
  ],
};

describe('canonicalJson', () => {
  it('When objects have keys in different orders, then the canonical text is the same and keys are sorted', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null], c: 'x' } })).toBe('{"a":{"c":"x","d":[true,null]},"b":1}');
    expect(canonicalJson({ a: { c: 'x', d: [true, null] }, b: 1 })).toBe(canonicalJson({ b: 1, a: { d: [true, null], c: 'x' } }));
  });

  it('When a value is undefined, then the key is left out; numbers use ECMAScript form', () => {
    expect(canonicalJson({ z: undefined, n: 1e21, f: 0.1, neg: -0 })).toBe('{"f":0.1,"n":1e+21,"neg":0}');
  });

  it('When a value cannot be represented (NaN, a Date), then CanonicalJsonError is thrown', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ when: new Date(0) })).toThrow('Cannot canonicalise object at $.when.');
  });
});

describe('signed prescription content', () => {
  it('When the digest is computed, then it is SHA-256 hex over the canonical JSON', () => {
    const content = signedContent(order, screening);
    const expected = createHash('sha256').update(canonicalSignedContent(content), 'utf8').digest('hex');
    expect(signedContentDigest(content)).toBe(expected);
    expect(signedContentDigest(content)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('When the same order is built with fields and overrides in another order, then the digest is unchanged', () => {
    const reordered = Object.fromEntries(Object.entries(order).reverse()) as PrescriptionOrder;
    const a = signedContentDigest(signedContent(order, screening));
    const b = signedContentDigest(signedContent(reordered, { ...screening, overrides: [...screening.overrides].reverse() }));
    expect(b).toBe(a);
  });

  it('When only the pharmacy changes, then the digest is unchanged (routing is not signed)', () => {
    const a = signedContentDigest(signedContent(order, screening));
    expect(signedContentDigest(signedContent({ ...order, pharmacyId: 'pharm-2' }, screening))).toBe(a);
    expect(canonicalSignedContent(signedContent(order, screening))).not.toContain('pharm-1');
  });

  it.each([
    ['the quantity', { ...order, dispense: { ...order.dispense, quantity: { value: 13, unit: 'tablet' as const } } }, screening],
    ['the sig', { ...order, sig: 'Take 2 tablets by mouth every 6 hours as needed for pain' }, screening],
    ['an override reason', order, { ...screening, overrides: [{ code: 'DOSE_ABOVE_MAX_DAILY', reason: 'Changed.' }] }],
    ['the knowledge base version', order, { ...screening, knowledgeBaseVersion: '1.0.1' }],
  ])('When %s changes, then the digest changes', (_what, changedOrder, changedScreening) => {
    expect(signedContentDigest(signedContent(changedOrder, changedScreening))).not.toBe(signedContentDigest(signedContent(order, screening)));
  });

  it('When the order carries a field outside the schema, then it cannot be signed', () => {
    const tampered = { ...order, status: 'draft' } as PrescriptionOrder;
    expect(() => signedContent(tampered, screening)).toThrow(/Unrecognized key/);
  });
});

describe('prescriptionOrderSchema', () => {
  it('When a Schedule II order has refills, then it is rejected (21 CFR 1306.12)', () => {
    const result = prescriptionOrderSchema.safeParse({ ...order, dispense: { ...order.dispense, refills: 1 } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['dispense', 'refills'], message: 'Schedule II prescriptions cannot have refills' });
  });

  it('When a Schedule IV order has six refills, then it is rejected, and five are accepted (21 CFR 1306.22)', () => {
    const scheduleIv = { ...order, deaSchedule: 'IV' as const };
    expect(prescriptionOrderSchema.safeParse({ ...scheduleIv, dispense: { ...order.dispense, refills: 6 } }).success).toBe(false);
    expect(prescriptionOrderSchema.safeParse({ ...scheduleIv, dispense: { ...order.dispense, refills: 5 } }).success).toBe(true);
  });

  it('When a patient id is not a valid FHIR id, then the order is rejected', () => {
    expect(prescriptionOrderSchema.safeParse({ ...order, patientId: 'pat/../123' }).success).toBe(false);
  });
});
