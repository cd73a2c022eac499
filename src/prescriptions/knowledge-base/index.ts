export { createDrugKnowledgeBase, type DrugKnowledgeBase, type KbDrug, type NameMatch } from './drug-knowledge-base.js';
export { DrugKnowledgeBaseError, UnknownDrugError } from './errors.js';
export { defaultDrugKnowledgeBaseDir, loadDrugKnowledgeBase, type LoadDrugKnowledgeBaseOptions } from './load.js';
export {
  DEA_SCHEDULES,
  ROUTES,
  SEVERITIES,
  type AllergyGroup,
  type CrossReactivity,
  type DeaSchedule,
  type DoseRange,
  type Interaction,
  type RawKnowledgeBase,
  type Route,
  type Severity,
  type TherapeuticClass,
} from './schema.js';
