/**
 * Fixed test-only keys (they protect no real data). Fixed so that histories recorded in one run
 * (test/replay/histories) can be decrypted and replayed in every later run.
 */
export const TEST_PAYLOAD_KEYS = { 'test-1': 'c21hcnRjbGluaXgtdGVzdC1wYXlsb2FkLWtleS0wMDE=' };
export const TEST_ACTIVE_KEY_ID = 'test-1';
export const TEST_JWT_SIGNING_KEY = 'smartclinix-test-jwt-signing-key-not-a-secret-0001';
