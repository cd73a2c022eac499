import { loadDrugKnowledgeBase, type DrugKnowledgeBase, type KbDrug } from '../knowledge-base/index.js';
import { screenDuplicateTherapy, screenInteractions } from './medication-list-rules.js';

const WARFARIN = '11289';
const IBUPROFEN = '5640';
const NAPROXEN = '7258';
const SIMVASTATIN = '36567';
const CLARITHROMYCIN = '21212';
const SERTRALINE = '36437';
const FLUOXETINE = '4493';
const PHENELZINE = '8123';
const TRAMADOL = '10689';
const SILDENAFIL = '136411';
const NITROGLYCERIN = '4917';
const METHOTREXATE = '6851';
const TRIMETHOPRIM = '10829';
const OXYCODONE = '7804';
const ALPRAZOLAM = '596';
const CLOPIDOGREL = '32968';
const OMEPRAZOLE = '7646';
const LISINOPRIL = '29046';
const SPIRONOLACTONE = '9997';
const LITHIUM = '42351';
const HYDROCODONE_APAP = '214182';
const ACETAMINOPHEN = '161';
const CLOPIDOGREL_ASPIRIN_PAIR = ['32968', '1191'] as const;
const METFORMIN = '6809';

describe('medication-list rules', () => {
  let kb: DrugKnowledgeBase;
  beforeAll(async () => {
    kb = await loadDrugKnowledgeBase();
  });
  const drug = (rxcui: string): KbDrug => kb.drug(rxcui)!;

  describe('screenInteractions', () => {
    it.each([
      ['warfarin + ibuprofen (class-level, bleeding)', WARFARIN, IBUPROFEN, 'DDI:vka-nsaid', 'high'],
      ['sertraline + phenelzine (serotonin syndrome)', SERTRALINE, PHENELZINE, 'DDI:maoi-ssri', 'high'],
      ['clarithromycin + simvastatin (CYP3A4, rhabdomyolysis)', CLARITHROMYCIN, SIMVASTATIN, 'DDI:simvastatin-clarithromycin', 'high'],
      ['sildenafil + nitroglycerin (hypotension)', SILDENAFIL, NITROGLYCERIN, 'DDI:pde5-nitrate', 'high'],
      ['trimethoprim + methotrexate (marrow suppression)', TRIMETHOPRIM, METHOTREXATE, 'DDI:methotrexate-trimethoprim', 'high'],
      ['oxycodone + alprazolam (boxed warning)', OXYCODONE, ALPRAZOLAM, 'DDI:opioid-benzodiazepine', 'high'],
      ['omeprazole + clopidogrel (CYP2C19)', OMEPRAZOLE, CLOPIDOGREL, 'DDI:clopidogrel-omeprazole', 'moderate'],
      ['spironolactone + lisinopril (hyperkalaemia)', SPIRONOLACTONE, LISINOPRIL, 'DDI:acei-potassium-sparing', 'moderate'],
      ['naproxen + lithium (lithium toxicity)', NAPROXEN, LITHIUM, 'DDI:lithium-nsaid', 'moderate'],
      ['tramadol + fluoxetine (serotonin, seizures)', TRAMADOL, FLUOXETINE, 'DDI:tramadol-ssri', 'moderate'],
    ])('When %s is screened, then an interaction with the expected code and severity is raised', (_label, prescribed, active, code, severity) => {
      const findings = screenInteractions(kb, drug(prescribed), drug(active));
      expect(findings).toEqual([
        expect.objectContaining({ kind: 'drug-drug-interaction', code, severity, involved: [prescribed, active] }),
      ]);
      expect(findings[0]?.reference).toBeTruthy();
    });

    it('When the drugs do not interact, then there is no finding', () => {
      expect(screenInteractions(kb, drug(METFORMIN), drug(WARFARIN))).toEqual([]);
    });

    it('When an interaction is raised, then the message names both drugs and the mechanism', () => {
      const [finding] = screenInteractions(kb, drug(WARFARIN), drug(IBUPROFEN));
      expect(finding?.message).toMatch(/^warfarin with ibuprofen: NSAIDs inhibit platelet function/);
    });
  });

  describe('screenDuplicateTherapy', () => {
    it('When a second NSAID is prescribed, then a moderate duplicate-class finding is raised', () => {
      expect(screenDuplicateTherapy(kb, drug(NAPROXEN), drug(IBUPROFEN))).toEqual([
        expect.objectContaining({ kind: 'duplicate-therapy', severity: 'moderate', code: 'DUPLICATE_CLASS:nsaid', involved: [NAPROXEN, IBUPROFEN] }),
      ]);
    });

    it('When a combination product repeats an active ingredient, then a duplicate-ingredient finding is raised', () => {
      const [finding] = screenDuplicateTherapy(kb, drug(HYDROCODONE_APAP), drug(ACETAMINOPHEN));
      expect(finding).toMatchObject({ severity: 'moderate', code: 'DUPLICATE_INGREDIENT' });
      expect(finding?.message).toBe('acetaminophen / hydrocodone and the active acetaminophen both contain acetaminophen; check the combined dose.');
    });

    it('When two drugs share only a class not marked for duplication (antiplatelets), then there is no finding', () => {
      const [clopidogrel, aspirin] = CLOPIDOGREL_ASPIRIN_PAIR;
      expect(screenDuplicateTherapy(kb, drug(clopidogrel), drug(aspirin))).toEqual([]);
    });

    it('When the drugs are in unrelated classes, then there is no finding', () => {
      expect(screenDuplicateTherapy(kb, drug(SERTRALINE), drug(WARFARIN))).toEqual([]);
    });
  });
});
