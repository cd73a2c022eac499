/**
 * A pharmacy's FHIR R4 endpoint, faked at the wire protocol: a local HTTP server (port 0) that
 * accepts `POST /fhir/MedicationRequest` with FHIR conditional create (`If-None-Exist:
 * identifier=<system>|<value>`): a new prescription gets 201 with its id and Location, one it
 * already has gets 200. Failures can be scripted for the next requests: a transient status (503,
 * 429…) or a rejection with an OperationOutcome (422).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';

export type ScriptedPharmacyFailure = { status: 429 | 500 | 502 | 503 | 504 } | { status: 400 | 404 | 422; code: string; diagnostics: string };

export interface ReceivedRequest {
  method: string;
  path: string;
  ifNoneExist: string | null;
  status: number;
  body: Record<string, any> | undefined;
}

export class FakePharmacy {
  readonly requests: ReceivedRequest[] = [];
  /** Prescriptions the pharmacy holds, by its own id. */
  readonly prescriptions = new Map<string, Record<string, any>>();
  private readonly failures: ScriptedPharmacyFailure[] = [];
  private server!: Server;
  baseUrl = '';

  static async start(): Promise<FakePharmacy> {
    const fake = new FakePharmacy();
    fake.server = createServer((req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.baseUrl = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}/fhir`;
    return fake;
  }

  /** The next requests fail like this, in order. */
  failNext(...failures: ScriptedPharmacyFailure[]): void {
    this.failures.push(...failures);
  }

  /** Prescriptions received for one of our prescription IDs (by business identifier). */
  received(prescriptionId: string): Record<string, any>[] {
    return [...this.prescriptions.values()].filter((r) => r.identifier?.some((i: { value?: string }) => i.value === prescriptionId));
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = text ? (JSON.parse(text) as Record<string, any>) : undefined;
    const ifNoneExist = req.headers['if-none-exist'] as string | undefined;
    const reply = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      this.requests.push({ method: req.method ?? '', path: req.url ?? '', ifNoneExist: ifNoneExist ?? null, status, body });
      res.writeHead(status, { 'content-type': 'application/fhir+json', ...headers });
      res.end(payload === undefined ? undefined : JSON.stringify(payload));
    };
    if (req.method !== 'POST' || req.url !== '/fhir/MedicationRequest') return reply(404, outcome('not-found', 'Unknown endpoint'));
    if (req.headers['content-type'] !== 'application/fhir+json') return reply(415, outcome('not-supported', 'Use application/fhir+json'));
    const failure = this.failures.shift();
    if (failure) return reply(failure.status, 'code' in failure ? outcome(failure.code, failure.diagnostics) : outcome('transient', 'Try again later'));
    if (body?.resourceType !== 'MedicationRequest') return reply(400, outcome('invalid', 'Expected a MedicationRequest'));

    const match = /^identifier=([^|]+)\|(.+)$/.exec(ifNoneExist ?? '');
    const existing = match
      ? [...this.prescriptions.entries()].find(([, r]) => r.identifier?.some((i: { system?: string; value?: string }) => i.system === match[1] && i.value === match[2]))
      : undefined;
    if (existing) return reply(200, existing[1], { location: `${this.baseUrl}/MedicationRequest/${existing[0]}/_history/1` });
    const id = randomUUID();
    const stored = { ...body, id };
    this.prescriptions.set(id, stored);
    return reply(201, stored, { location: `${this.baseUrl}/MedicationRequest/${id}/_history/1` });
  }
}

function outcome(code: string, diagnostics: string) {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] };
}
