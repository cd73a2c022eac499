/**
 * The starter drug knowledge base, imported for one reason: `tsc` copies imported JSON into the
 * build, so `npm run build` puts these files at dist/data/drug-knowledge-base, where the compiled
 * loader finds them (defaultDrugKnowledgeBaseDir walks up from itself). The build ships its data;
 * DRUG_KB_DIR points at another directory (a converted licensed knowledge base) instead.
 */
import '../../data/drug-knowledge-base/manifest.json';
import '../../data/drug-knowledge-base/classes.json';
import '../../data/drug-knowledge-base/allergy-groups.json';
import '../../data/drug-knowledge-base/drugs.json';
import '../../data/drug-knowledge-base/interactions.json';
import '../../data/drug-knowledge-base/allergy-cross-reactivity.json';
