import { type Knex } from 'knex';
import { type accessibleWhere } from '../authz/accessible-where.js';
import { Location } from './location-model.js';

/** A location as the API shows it. */
export interface LocationRecord {
  id: string;
  name: string;
  active: boolean;
}

const toRecord = ({ id, name, active }: Location): LocationRecord => ({ id, name, active });

export async function listLocationsWhere(trx: Knex.Transaction, where: ReturnType<typeof accessibleWhere>): Promise<LocationRecord[]> {
  const locations = await Location.query(trx).select('id', 'name', 'active').where(where).orderBy('name');
  return locations.map(toRecord);
}

export async function insertLocation(trx: Knex.Transaction, tenantId: string, name: string): Promise<LocationRecord> {
  return toRecord(await Location.query(trx).insert({ tenantId, name }).returning(['id', 'name', 'active']));
}

/** Whether the location exists in this tenant and takes bookings (row-level security scopes the read). */
export async function isActiveLocation(trx: Knex.Transaction, id: string): Promise<boolean> {
  return (await Location.query(trx).select('id').where('active', true).findById(id)) !== undefined;
}
