import { LabReport } from './lab-report-model.js';

describe('LabReport', () => {
  it('When a report is written, then its test fills the three test columns, absent parts as null', () => {
    const columns = LabReport.fromJson({ test: { code: '2823-3', display: 'Potassium', system: null } }, { skipValidation: true }).$toDatabaseJson();
    expect(columns).toEqual({ test_code: '2823-3', test_display: 'Potassium', test_system: null });
  });

  it('When the test columns are read, then they fold into one test; a report read without them has none', () => {
    expect(LabReport.fromDatabaseJson({ test_code: '2823-3', test_display: null, test_system: 'http://loinc.org' }).toJSON()).toEqual({
      test: { code: '2823-3', display: null, system: 'http://loinc.org' },
    });
    expect(LabReport.fromDatabaseJson({ patient_id: null }).toJSON()).toEqual({ patientId: null });
  });
});
