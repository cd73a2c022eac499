/** Every workflow the worker registers. Workflow files import activities as types only. */
export { systemCheckWorkflow } from './system-check.js';
