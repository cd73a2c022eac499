import { type DrugKnowledgeBase, loadDrugKnowledgeBase } from './knowledge-base/index.js';
import './shipped-knowledge-base-files.js';

const loaded = new Map<string, Promise<DrugKnowledgeBase>>();

/**
 * The drug knowledge base of a directory (DRUG_KB_DIR, or the shipped one), read and validated once
 * per process and shared by the API and the activities. A directory that fails validation stays
 * failed: every use reports the same problems rather than half-loading.
 */
export function sharedKnowledgeBase(dir: string | undefined): Promise<DrugKnowledgeBase> {
  const key = dir ?? '(shipped)';
  let kb = loaded.get(key);
  if (!kb) {
    kb = loadDrugKnowledgeBase(dir ? { dir } : {});
    loaded.set(key, kb);
  }
  return kb;
}
