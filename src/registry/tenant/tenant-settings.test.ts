import { mergeSettings, TenantUpdate } from './tenant-settings.js';

describe('tenant settings', () => {
  it('When a group is patched, then its other keys and other groups are kept', () => {
    const current = { auth: { idleTimeoutSeconds: 600, mfaRequiredRoles: ['nurse'] }, messaging: { quietHours: true } };
    expect(mergeSettings(current, { auth: { idleTimeoutSeconds: 300 } })).toEqual({
      auth: { idleTimeoutSeconds: 300, mfaRequiredRoles: ['nurse'] },
      messaging: { quietHours: true },
    });
  });

  it('When a key is patched with null, then it is removed (back to the default)', () => {
    expect(mergeSettings({ auth: { idleTimeoutSeconds: 600 } }, { auth: { idleTimeoutSeconds: null } })).toEqual({ auth: {} });
  });

  it('When the auth group has an invalid value, then the update is refused', () => {
    expect(TenantUpdate.safeParse({ settings: { auth: { mfaRequiredRoles: ['integration'] } } }).success).toBe(false);
    expect(TenantUpdate.safeParse({ settings: { auth: { idleTimeoutSeconds: 0 } } }).success).toBe(false);
  });

  it('When the tasks group is patched, then only a boolean (or null, back to the default) is taken for emailNotices', () => {
    expect(TenantUpdate.safeParse({ settings: { tasks: { emailNotices: false } } }).success).toBe(true);
    expect(TenantUpdate.safeParse({ settings: { tasks: { emailNotices: null } } }).success).toBe(true);
    expect(TenantUpdate.safeParse({ settings: { tasks: { emailNotices: 'off' } } }).success).toBe(false);
  });

  it('When another feature’s group is patched, then it passes through for that feature to read', () => {
    const parsed = TenantUpdate.parse({ settings: { messaging: { dailyCap: 1 } } });
    expect(parsed.settings).toEqual({ messaging: { dailyCap: 1 } });
  });
});
