import { cp, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DrugKnowledgeBaseError } from './errors.js';
import { defaultDrugKnowledgeBaseDir, loadDrugKnowledgeBase } from './load.js';

describe('loadDrugKnowledgeBase', () => {
  let scratch: string;

  beforeEach(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'drug-kb-'));
  });
  afterEach(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  async function copyShipped(): Promise<string> {
    const dir = join(scratch, 'kb');
    await cp(defaultDrugKnowledgeBaseDir(), dir, { recursive: true });
    return dir;
  }

  async function loadError(dir: string): Promise<DrugKnowledgeBaseError> {
    const error: unknown = await loadDrugKnowledgeBase({ dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DrugKnowledgeBaseError);
    return error as DrugKnowledgeBaseError;
  }

  it('When the shipped knowledge base is loaded, then it is valid and covers about forty outpatient drugs', async () => {
    const kb = await loadDrugKnowledgeBase();
    expect(kb.info).toEqual({ name: 'SmartClinix starter drug knowledge base', version: '1.0.0', formatVersion: 1 });
    expect(kb.drugs().length).toBeGreaterThanOrEqual(40);
    expect(kb.drug('11289')?.name).toBe('warfarin');
  });

  it.each([
    ['7804', 'oxycodone', 'II'],
    ['214182', 'acetaminophen / hydrocodone', 'II'],
    ['2670', 'codeine', 'II'],
    ['10379', 'testosterone', 'III'],
    ['596', 'alprazolam', 'IV'],
    ['6470', 'lorazepam', 'IV'],
    ['10689', 'tramadol', 'IV'],
    ['39993', 'zolpidem', 'IV'],
    ['187832', 'pregabalin', 'V'],
    ['214442', 'codeine / guaifenesin', 'V'],
    ['25480', 'gabapentin', null],
    ['11289', 'warfarin', null],
  ])('When RxCUI %s (%s) is checked, then its DEA schedule is %s', async (rxcui, name, schedule) => {
    const kb = await loadDrugKnowledgeBase();
    expect(kb.drug(rxcui)?.name).toBe(name);
    expect(kb.isControlled(rxcui)).toBe(schedule);
  });

  it('When the manifest names different files, then those files are loaded, so a converted licensed KB can be swapped in by configuration', async () => {
    const dir = await copyShipped();
    await rename(join(dir, 'drugs.json'), join(dir, 'licensed-drugs.json'));
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    manifest.files.drugs = 'licensed-drugs.json';
    manifest.version = '2099.1';
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));

    const kb = await loadDrugKnowledgeBase({ dir });

    expect(kb.info.version).toBe('2099.1');
    expect(kb.drug('36567')?.name).toBe('simvastatin');
  });

  it('When the directory has no manifest, then loading fails naming manifest.json', async () => {
    const error = await loadError(scratch);
    expect(error.problems).toEqual(expect.arrayContaining([expect.stringMatching(/^manifest\.json: cannot be read \(ENOENT\)/)]));
  });

  it('When a data file is not valid JSON, then loading fails naming that file', async () => {
    const dir = await copyShipped();
    await writeFile(join(dir, 'interactions.json'), '[{"id": ');
    const error = await loadError(dir);
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^interactions\.json: not valid JSON/);
  });

  it('When a data entry is invalid on disk, then the error names the file and the entry', async () => {
    const dir = await copyShipped();
    const drugs = JSON.parse(await readFile(join(dir, 'drugs.json'), 'utf8'));
    drugs[0].deaSchedule = 'I';
    await writeFile(join(dir, 'drugs.json'), JSON.stringify(drugs));
    const error = await loadError(dir);
    expect(error.message).toContain('drugs.json[0] (rxcui 11289 warfarin): deaSchedule:');
  });

  it('When the default directory is looked up from a nested build folder, then the shipped data directory is found', () => {
    const fromDist = join(__dirname, 'dist-like', 'nested');
    expect(defaultDrugKnowledgeBaseDir(fromDist)).toBe(defaultDrugKnowledgeBaseDir());
    expect(defaultDrugKnowledgeBaseDir()).toMatch(/data[\\/]drug-knowledge-base$/);
  });

  it('When no shipped data directory exists above the start folder, then a knowledge-base error is raised', () => {
    expect(() => defaultDrugKnowledgeBaseDir(tmpdir())).toThrow(DrugKnowledgeBaseError);
  });
});
