import { type Client } from '@temporalio/client';
import { type Knex } from 'knex';
import { type Config } from '../config/config.js';
import { type Logger } from '../logging/logger.js';
import { type AssertionIssuer, createAssertionIssuer } from './epcs/assertion-issuer.js';
import { type DrugKnowledgeBase } from './knowledge-base/index.js';
import { sharedKnowledgeBase } from './shared-knowledge-base.js';

/** What the prescription use cases need in the API process, built once with the routes. */
export interface PrescriptionServices {
  db: Knex;
  temporal: Client;
  config: Config;
  knowledgeBase(): Promise<DrugKnowledgeBase>;
  /** Issues the signing assertions the workflow's validator verifies. */
  issuer: AssertionIssuer;
}

export function createPrescriptionServices(deps: { db: Knex; temporal: Client; config: Config; logger: Logger }): PrescriptionServices {
  const dir = deps.config.prescriptions.drugKbDir;
  // Read at start, so a broken knowledge base is reported when the API starts, not at the first request.
  sharedKnowledgeBase(dir).catch((err: unknown) => {
    deps.logger.error({ err: { type: (err as Error)?.name, problems: (err as { problems?: string[] }).problems } }, 'drug knowledge base failed to load');
  });
  return {
    db: deps.db,
    temporal: deps.temporal,
    config: deps.config,
    knowledgeBase: () => sharedKnowledgeBase(dir),
    issuer: createAssertionIssuer(deps.config.prescriptions.epcsAssertionKey),
  };
}
