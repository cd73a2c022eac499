/** Raised at startup: the knowledge base files are missing, unreadable or inconsistent. */
export class DrugKnowledgeBaseError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid drug knowledge base:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'DrugKnowledgeBaseError';
  }
}

/**
 * Raised when a caller asks a question the knowledge base cannot answer safely (for example
 * whether an unknown drug is controlled): "not found" must never read as "not controlled".
 */
export class UnknownDrugError extends Error {
  constructor(readonly rxcui: string) {
    super(`RxCUI ${rxcui} is not in the drug knowledge base.`);
    this.name = 'UnknownDrugError';
  }
}
