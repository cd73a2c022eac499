import { type Knex } from 'knex';
import { type Config } from '../config/config.js';
import { loadConfig } from '../config/load.js';
import { createAssertionIssuer } from '../prescriptions/epcs/assertion-issuer.js';
import { type DrugKnowledgeBase } from '../prescriptions/knowledge-base/index.js';
import { DevPharmacyAdapter } from '../prescriptions/pharmacy/dev-pharmacy-adapter.js';
import { FhirPharmacyAdapter } from '../prescriptions/pharmacy/fhir-pharmacy-adapter.js';
import { loadSmartClientKey, SmartBackendAuth } from '../prescriptions/pharmacy/smart-backend-auth.js';
import { type PharmacyAdapters } from '../prescriptions/pharmacy/pharmacy-adapter.js';
import { sharedKnowledgeBase } from '../prescriptions/shared-knowledge-base.js';
import { createCaseSteps } from '../prescriptions/workflow-steps/case-steps.js';
import { createClosingSteps } from '../prescriptions/workflow-steps/closing-steps.js';
import { createDecisionSteps } from '../prescriptions/workflow-steps/decision-steps.js';
import { createTransmissionSteps } from '../prescriptions/workflow-steps/transmission-steps.js';

/** What prescription activities may be given; the defaults serve the worker process. */
export interface PrescriptionActivityOptions {
  /** Defaults to the validated configuration's `prescriptions` section. */
  settings?: Config['prescriptions'];
  knowledgeBase?: () => Promise<DrugKnowledgeBase>;
  /** HTTP/FHIR and dev adapters by default; tests may pass their own. */
  adapters?: Partial<PharmacyAdapters>;
}

export interface PrescriptionActivityDeps {
  db: Knex;
  prescriptions?: PrescriptionActivityOptions;
}

/**
 * The prescription workflow's activities: screening, routing, signing, transmission to pharmacies
 * and closing. Each re-reads what it needs from PostgreSQL, and each step is recorded once (keyed
 * events) and audited as the workflow acting for the tenant.
 */
export function createPrescriptionActivities({ db, prescriptions: options = {} }: PrescriptionActivityDeps) {
  const settings = options.settings ?? loadConfig().prescriptions;
  const deps = {
    db,
    settings,
    knowledgeBase: options.knowledgeBase ?? (() => sharedKnowledgeBase(settings.drugKbDir)),
    adapters: {
      fhir: options.adapters?.fhir ?? new FhirPharmacyAdapter({ auth: new SmartBackendAuth(loadSmartClientKey(settings.pharmacyClientKey)) }),
      dev: options.adapters?.dev ?? new DevPharmacyAdapter(),
    },
    // Only the public half reaches the workflow: the validator verifies, it never issues.
    verificationKeys: createAssertionIssuer(settings.epcsAssertionKey).verificationKeys(),
  };
  return {
    ...createCaseSteps(deps),
    ...createDecisionSteps(deps),
    ...createTransmissionSteps(deps),
    ...createClosingSteps(deps),
  };
}

export type PrescriptionActivities = ReturnType<typeof createPrescriptionActivities>;
