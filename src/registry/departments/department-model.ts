import { BaseModel } from '../../db/models/base-model.js';

/** `departments`: teams and work pools, with the lead and on-call practitioner escalations reach. */
export class Department extends BaseModel {
  static override tableName = 'departments';

  declare id: string;
  declare tenantId: string;
  declare name: string;
  declare specialty: string | null;
  declare leadPractitionerId: string | null;
  declare onCallPractitionerId: string | null;
  declare createdAt: string;
  declare updatedAt: string;
}

/** `department_members`: which staff users belong to a department (keyed by the pair). */
export class DepartmentMember extends BaseModel {
  static override tableName = 'department_members';
  static override idColumn = ['department_id', 'user_id'];

  declare tenantId: string;
  declare departmentId: string;
  declare userId: string;
}
