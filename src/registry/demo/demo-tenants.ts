import { type UserRole } from '../../authz/actor.js';
import { deaCheckDigit, npiCheckDigit } from '../practitioners/identifiers.js';

/** Fictional people only. Phone numbers are in the 555-01xx range reserved for fiction. */
const npi = (base: string) => `${base}${npiCheckDigit(base)}`;
const dea = (letters: string, six: string) => `${letters}${six}${deaCheckDigit(six)}`;
const phone = (n: number) => `+1555555${String(100 + n).padStart(4, '0')}`;

export interface DemoPractitioner {
  key: string;
  givenName: string;
  familyName: string;
  title?: string;
  kind: 'physician' | 'resident' | 'nurse-practitioner' | 'nurse' | 'pharmacist';
  specialty?: string;
  npi?: string;
  deaNumber?: string;
  canPrescribe: boolean;
  supervisorKey?: string;
}

export interface DemoPatient {
  key: string;
  mrn: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: 'female' | 'male';
  mobileE164?: string;
  email?: string;
  preferredChannel: 'sms' | 'email';
  language: 'en' | 'es';
  smsConsent?: { status: 'granted' | 'revoked'; source: string };
  emailConsent?: { status: 'granted' | 'revoked'; source: string };
  responsibleParty?: { name: string; relationship: string; mobileE164?: string; email?: string };
}

export interface DemoUser {
  role: UserRole;
  email: string;
  displayName: string;
  practitionerKey?: string;
  patientKey?: string;
}

export interface DemoTenant {
  slug: string;
  name: string;
  timezone: string;
  practitioners: DemoPractitioner[];
  departments: { name: string; specialty: string; leadKey: string; onCallKey: string; memberEmails: string[] }[];
  coverage: { practitionerKey: string; coveringKey: string; startsInDays: number; days: number; reason: string }[];
  patients: DemoPatient[];
  users: DemoUser[];
  /** Issue the demo lab-integration API key for this tenant. */
  labIntegration: boolean;
}

const intake = { status: 'granted' as const, source: 'intake-form' };

const PEOPLE = [
  { chen: ['Amelia', 'Chen'], okafor: ['Marcus', 'Okafor'], raman: ['Priya', 'Raman'], ellis: ['Jordan', 'Ellis'], rivera: ['Sam', 'Rivera'], park: ['Lee', 'Park'] },
  { chen: ['Helena', 'Novak'], okafor: ['Tomas', 'Lindqvist'], raman: ['Claire', 'Moreau'], ellis: ['Noah', 'Baptiste'], rivera: ['Ava', 'Kowalski'], park: ['Omar', 'Haddad'] },
] as const;

function clinic(slug: string, name: string, timezone: string, domain: string, n: 0 | 1, labIntegration: boolean): DemoTenant {
  const p = (k: string) => `${slug}:${k}`;
  const who = PEOPLE[n];
  const doctor = (k: 'chen' | 'okafor' | 'raman') => ({ email: `dr.${who[k][1].toLowerCase()}@${domain}`, displayName: `Dr. ${who[k][0]} ${who[k][1]}` });
  return {
    slug,
    name,
    timezone,
    labIntegration,
    practitioners: [
      { key: p('chen'), givenName: who.chen[0], familyName: who.chen[1], title: 'MD', kind: 'physician', specialty: 'Internal Medicine', npi: npi(`10030001${n}`), deaNumber: dea(`B${who.chen[1][0]}`, `12345${n}`), canPrescribe: true },
      { key: p('okafor'), givenName: who.okafor[0], familyName: who.okafor[1], title: 'MD', kind: 'physician', specialty: 'Cardiology', npi: npi(`10030002${n}`), deaNumber: dea(`B${who.okafor[1][0]}`, `65432${n}`), canPrescribe: true },
      { key: p('raman'), givenName: who.raman[0], familyName: who.raman[1], title: 'MD', kind: 'resident', specialty: 'Internal Medicine', npi: npi(`10030003${n}`), canPrescribe: true, supervisorKey: p('chen') },
      { key: p('ellis'), givenName: who.ellis[0], familyName: who.ellis[1], title: 'RN', kind: 'nurse', canPrescribe: false },
      { key: p('rivera'), givenName: who.rivera[0], familyName: who.rivera[1], title: 'RN', kind: 'nurse', canPrescribe: false },
      { key: p('park'), givenName: who.park[0], familyName: who.park[1], title: 'PharmD', kind: 'pharmacist', canPrescribe: false },
    ],
    departments: [
      { name: 'Internal Medicine', specialty: 'Internal Medicine', leadKey: p('chen'), onCallKey: p('okafor'), memberEmails: [doctor('chen').email, doctor('raman').email, `nurse@${domain}`] },
      { name: 'Cardiology', specialty: 'Cardiology', leadKey: p('okafor'), onCallKey: p('chen'), memberEmails: [doctor('okafor').email, `nurse@${domain}`] },
    ],
    coverage: [{ practitionerKey: p('okafor'), coveringKey: p('chen'), startsInDays: 7, days: 3, reason: 'conference' }],
    patients: [
      { key: p('garcia'), mrn: `${n}00101`, givenName: 'María', familyName: 'García', birthDate: '1978-05-14', sex: 'female', mobileE164: phone(n * 20 + 1), email: `maria.garcia@${domain}`, preferredChannel: 'sms', language: 'es', smsConsent: intake },
      { key: p('smith'), mrn: `${n}00102`, givenName: 'John', familyName: 'Smith', birthDate: '1952-11-02', sex: 'male', mobileE164: phone(n * 20 + 2), preferredChannel: 'sms', language: 'en', smsConsent: intake },
      { key: p('hernandez'), mrn: `${n}00103`, givenName: 'Luis', familyName: 'Hernández', birthDate: '1990-01-23', sex: 'male', mobileE164: phone(n * 20 + 3), email: `luis.hernandez@${domain}`, preferredChannel: 'email', language: 'es', smsConsent: { status: 'revoked', source: 'sms-keyword:STOP' }, emailConsent: intake },
      { key: p('johnson'), mrn: `${n}00104`, givenName: 'Emma', familyName: 'Johnson', birthDate: '2014-08-30', sex: 'female', preferredChannel: 'sms', language: 'en', smsConsent: intake, responsibleParty: { name: 'Sarah Johnson', relationship: 'mother', mobileE164: phone(n * 20 + 4) } },
      { key: p('martinez'), mrn: `${n}00105`, givenName: 'Sofía', familyName: 'Martínez', birthDate: '2017-03-11', sex: 'female', preferredChannel: 'sms', language: 'es', smsConsent: intake, responsibleParty: { name: 'Diego Martínez', relationship: 'father', mobileE164: phone(n * 20 + 5) } },
      { key: p('brown'), mrn: `${n}00106`, givenName: 'Robert', familyName: 'Brown', birthDate: '1944-12-19', sex: 'male', email: `robert.brown@${domain}`, preferredChannel: 'email', language: 'en', emailConsent: intake },
    ],
    users: [
      { role: 'admin', email: `admin@${domain}`, displayName: 'Alex Admin' },
      { role: 'scheduler', email: `scheduler@${domain}`, displayName: 'Casey Scheduler' },
      { role: 'physician', ...doctor('chen'), practitionerKey: p('chen') },
      { role: 'physician', ...doctor('okafor'), practitionerKey: p('okafor') },
      { role: 'physician', ...doctor('raman'), practitionerKey: p('raman') },
      { role: 'nurse', email: `nurse@${domain}`, displayName: `${who.ellis[0]} ${who.ellis[1]}, RN`, practitionerKey: p('ellis') },
      { role: 'pharmacist', email: `pharmacist@${domain}`, displayName: `${who.park[0]} ${who.park[1]}, PharmD`, practitionerKey: p('park') },
      { role: 'ops', email: `ops@${domain}`, displayName: 'Robin Ops' },
      { role: 'patient', email: `maria.garcia@${domain}`, displayName: 'María García', patientKey: p('garcia') },
    ],
  };
}

/** Two clinics, each with users of every role, practitioners, departments, coverage and patients. */
export const DEMO_TENANTS: DemoTenant[] = [
  clinic('northside-clinic', 'Northside Clinic', 'America/New_York', 'northside.example', 0, true),
  clinic('lakeview-health', 'Lakeview Health', 'America/Chicago', 'lakeview.example', 1, false),
];
