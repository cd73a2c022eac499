/** Every workflow the worker registers. Workflow files import activities as types only. */
export { systemCheckWorkflow } from './system-check.js';
export { adHocTaskWorkflow } from './ad-hoc-task.js';
export { taskCoverageWorkflow } from './task-coverage.js';
export { appointmentWorkflow } from './appointment.js';
export { labResultWorkflow } from './lab-result.js';
export { prescriptionWorkflow } from './prescription.js';
export { referralWorkflow } from './referral.js';
export { smsEmailFallbackWorkflow } from './sms-email-fallback.js';
