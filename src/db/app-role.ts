/**
 * The role the API and worker act as. It owns no table, so PostgreSQL row-level security applies
 * to it; migrations (run as the owner) grant it exactly the privileges it needs.
 */
export const APP_ROLE = 'smartclinix_app';

/** The transaction-local setting every RLS policy reads. Unset means: no rows. */
export const TENANT_SETTING = 'app.tenant_id';
