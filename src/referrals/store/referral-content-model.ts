import { BaseModel } from '../../db/models/base-model.js';

/*
 * The referral's sealed parts. Each sealed value is bound to its own row's ID (clinical-box.ts):
 * these models store and return the sealed text as it is; the use cases seal and open it.
 */

/** `referral_documents`: a reference to a stored document, its title and description sealed. */
export class ReferralDocument extends BaseModel {
  static override tableName = 'referral_documents';

  declare id: string;
  declare tenantId: string;
  declare referralId: string;
  declare position: number;
  declare kind: string;
  declare reference: string;
  declare contentSealed: string | null;
  declare createdAt: string;
}

/** `referral_notes`: a question, an answer or a reason, sealed. */
export class ReferralNote extends BaseModel {
  static override tableName = 'referral_notes';

  declare id: string;
  declare tenantId: string;
  declare referralId: string;
  declare kind: string;
  declare sealed: string;
  declare authorUserId: string | null;
  declare createdAt: string;
}

/** `referral_reports`: the consult report, sealed. */
export class ReferralReport extends BaseModel {
  static override tableName = 'referral_reports';

  declare id: string;
  declare tenantId: string;
  declare referralId: string;
  declare sealed: string;
  declare submittedByUserId: string | null;
  declare submittedAt: string;
}
