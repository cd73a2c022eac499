import { decideMatch } from './match-decision.js';

const order = { id: 'order-1', patientId: 'patient-1', orderingPractitionerId: 'doc-1' };

describe('decideMatch', () => {
  it('When the order number names an order, then the result is matched by order to its patient and orderer', () => {
    expect(decideMatch({ order, identifierPatientIds: [] })).toEqual({
      status: 'matched',
      by: 'order',
      patientId: 'patient-1',
      orderingPractitionerId: 'doc-1',
      labOrderId: 'order-1',
    });
  });

  it('When the identifiers point to the order’s own patient, then the order match stands', () => {
    expect(decideMatch({ order, identifierPatientIds: ['patient-1'] })).toMatchObject({ status: 'matched', by: 'order' });
  });

  it('When the identifiers point to another patient than the order, then it is ambiguous and not matched', () => {
    expect(decideMatch({ order, identifierPatientIds: ['patient-2'] })).toEqual({ status: 'ambiguous', reason: 'order-patient-mismatch' });
  });

  it('When there is no order but one patient by identifier and a known orderer, then it is matched by identifier', () => {
    expect(decideMatch({ identifierPatientIds: ['patient-3'], providerPractitionerId: 'doc-2' })).toEqual({
      status: 'matched',
      by: 'identifier',
      patientId: 'patient-3',
      orderingPractitionerId: 'doc-2',
      labOrderId: null,
    });
  });

  it('When the patient has an open order for the test, then that order and its orderer are used', () => {
    expect(
      decideMatch({ identifierPatientIds: ['patient-3'], providerPractitionerId: 'doc-2', openOrder: { id: 'order-9', orderingPractitionerId: 'doc-9' } }),
    ).toMatchObject({ orderingPractitionerId: 'doc-9', labOrderId: 'order-9' });
  });

  it('When identifiers point to several patients, then it is ambiguous', () => {
    expect(decideMatch({ identifierPatientIds: ['patient-1', 'patient-2'], providerPractitionerId: 'doc-2' })).toEqual({
      status: 'ambiguous',
      reason: 'several-patients',
    });
  });

  it('When nothing identifies the patient, then it is unmatched', () => {
    expect(decideMatch({ identifierPatientIds: [], providerPractitionerId: 'doc-2' })).toEqual({ status: 'unmatched', reason: 'no-order-or-identifier' });
  });

  it('When the patient is known but no ordering practitioner is, then it is unmatched rather than routed to nobody', () => {
    expect(decideMatch({ identifierPatientIds: ['patient-3'] })).toEqual({ status: 'unmatched', reason: 'no-ordering-practitioner' });
  });
});
