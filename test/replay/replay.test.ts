import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { createDataConverter } from '../../src/temporal/data-converter.js';
import { TEST_ACTIVE_KEY_ID, TEST_PAYLOAD_KEYS } from '../support/keys.js';

/**
 * Replays recorded histories of representative runs against today's workflow code. A change that
 * breaks determinism for running workflows fails here; such changes belong behind `patched()`.
 * Record new histories with `RECORD_HISTORIES=1 npm test` (the tests that own them write the files).
 */
const dir = join(__dirname, 'histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('replay of recorded histories', () => {
  it('When the recorded histories are replayed with the current workflow code, then none is non-deterministic', async () => {
    expect(files.length).toBeGreaterThan(0);
    const histories = files.map((file) => ({
      workflowId: file.replace(/\.json$/, ''),
      // Written with JSON.stringify(await handle.fetchHistory()): protobufjs's own JSON form.
      history: temporal.api.history.v1.History.fromObject(JSON.parse(readFileSync(join(dir, file), 'utf8'))),
    }));
    const results = Worker.runReplayHistories(
      {
        workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH! },
        dataConverter: createDataConverter({ activeKeyId: TEST_ACTIVE_KEY_ID, keys: TEST_PAYLOAD_KEYS }),
      },
      histories,
    );
    const failures: string[] = [];
    for await (const result of results) {
      if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
    }
    expect(failures).toEqual([]);
  });
});
