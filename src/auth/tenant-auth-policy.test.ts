import { authPolicyOf } from './tenant-auth-policy.js';

describe('tenant auth policy', () => {
  it('When a tenant has no settings, then admins, physicians and pharmacists need MFA and idle logoff is 15 minutes', () => {
    expect(authPolicyOf({})).toEqual({ mfaRequiredRoles: ['admin', 'physician', 'pharmacist'], idleTimeoutSeconds: 900 });
  });

  it('When a tenant adds nurses, then nurses need MFA besides the baseline roles', () => {
    expect(authPolicyOf({ auth: { mfaRequiredRoles: ['nurse'] } }).mfaRequiredRoles).toEqual(['admin', 'physician', 'pharmacist', 'nurse']);
  });

  it('When a tenant lists no baseline role, then the baseline still applies (roles can be added, not removed)', () => {
    expect(authPolicyOf({ auth: { mfaRequiredRoles: [] } }).mfaRequiredRoles).toContain('physician');
  });

  it('When a tenant sets a short idle limit, then it is used', () => {
    expect(authPolicyOf({ auth: { idleTimeoutSeconds: 3 } }).idleTimeoutSeconds).toBe(3);
  });

  it('When the settings are malformed, then the strict defaults apply', () => {
    expect(authPolicyOf({ auth: { idleTimeoutSeconds: 'forever' } })).toEqual(authPolicyOf(null));
  });
});
