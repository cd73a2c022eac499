/**
 * A pharmacy's FHIR R4 endpoint, faked at the wire protocol: a local HTTP server (port 0) that
 * accepts `POST /fhir/MedicationRequest` with FHIR conditional create (`If-None-Exist:
 * identifier=<system>|<value>`): a new prescription gets 201 with its id and Location, one it
 * already has gets 200. Failures can be scripted for the next requests: a transient status (503,
 * 429…) or a rejection with an OperationOutcome (422).
 *
 * Started with `auth`, it is also the pharmacy's authorization server for SMART Backend Services:
 * `POST /oauth/token` takes the client_credentials grant with a JWT client assertion, verified
 * against the registered public key (issuer, subject, audience, expiry, a jti never seen before),
 * and the FHIR endpoint then answers 401 to any request without a token it issued.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { importJWK, type JWK, jwtVerify } from 'jose';

export type ScriptedPharmacyFailure = { status: 429 | 500 | 502 | 503 | 504 } | { status: 400 | 404 | 422; code: string; diagnostics: string };

export interface ReceivedRequest {
  method: string;
  path: string;
  ifNoneExist: string | null;
  status: number;
  body: Record<string, any> | undefined;
}

export interface FakePharmacyAuth {
  clientId: string;
  /** The client's public key as registered (from our JWK Set). */
  publicJwk: JWK;
  /** Seconds each token lives; default 300. */
  expiresIn?: number;
}

export class FakePharmacy {
  readonly requests: ReceivedRequest[] = [];
  /** Token requests and how they were answered. */
  readonly tokenRequests: { status: number; error?: string; scope?: string }[] = [];
  private readonly tokens = new Set<string>();
  private readonly seenJtis = new Set<string>();
  private auth: FakePharmacyAuth | undefined;
  private tokenFailures: number[] = [];
  /** Prescriptions the pharmacy holds, by its own id. */
  readonly prescriptions = new Map<string, Record<string, any>>();
  private readonly failures: ScriptedPharmacyFailure[] = [];
  private server!: Server;
  baseUrl = '';

  static async start(options: { auth?: FakePharmacyAuth } = {}): Promise<FakePharmacy> {
    const fake = new FakePharmacy();
    fake.auth = options.auth;
    fake.server = createServer((req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.baseUrl = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}/fhir`;
    return fake;
  }

  /** The pharmacy's token endpoint (SMART Backend Services). */
  get tokenUrl(): string {
    return this.baseUrl.replace(/\/fhir$/, '/oauth/token');
  }

  /** Every token issued so far stops working (revoked at the pharmacy). */
  revokeTokens(): void {
    this.tokens.clear();
  }

  /** The next token requests answer these statuses (e.g. 503), in order. */
  failNextTokenRequests(...statuses: number[]): void {
    this.tokenFailures.push(...statuses);
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
    const ifNoneExist = req.headers['if-none-exist'] as string | undefined;
    if (req.method === 'POST' && req.url === '/oauth/token') return this.token(text, res);
    const body = text ? (JSON.parse(text) as Record<string, any>) : undefined;
    const reply = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      this.requests.push({ method: req.method ?? '', path: req.url ?? '', ifNoneExist: ifNoneExist ?? null, status, body });
      res.writeHead(status, { 'content-type': 'application/fhir+json', ...headers });
      res.end(payload === undefined ? undefined : JSON.stringify(payload));
    };
    if (req.method !== 'POST' || req.url !== '/fhir/MedicationRequest') return reply(404, outcome('not-found', 'Unknown endpoint'));
    if (this.auth && !this.tokens.has(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '')) {
      return reply(401, outcome('login', 'A valid access token is required'), { 'www-authenticate': 'Bearer error="invalid_token"' });
    }
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

  /** The token endpoint: client_credentials with a JWT client assertion (RFC 7523), as SMART Backend Services asks. */
  private async token(text: string, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams(text);
    const answer = (status: number, payload: Record<string, unknown>) => {
      this.tokenRequests.push({ status, ...(typeof payload.error === 'string' ? { error: payload.error } : {}), scope: form.get('scope') ?? undefined });
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(payload));
    };
    const failure = this.tokenFailures.shift();
    if (failure) return answer(failure, { error: 'temporarily_unavailable' });
    if (!this.auth) return answer(400, { error: 'unsupported_grant_type' });
    if (form.get('grant_type') !== 'client_credentials') return answer(400, { error: 'unsupported_grant_type' });
    if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') return answer(400, { error: 'invalid_client' });
    try {
      const key = await importJWK(this.auth.publicJwk, 'ES384');
      const { payload } = await jwtVerify(form.get('client_assertion') ?? '', key, {
        issuer: this.auth.clientId,
        subject: this.auth.clientId,
        audience: this.tokenUrl,
        algorithms: ['ES384'],
        maxTokenAge: '5 minutes',
      });
      if (!payload.jti || this.seenJtis.has(payload.jti)) return answer(401, { error: 'invalid_client' });
      this.seenJtis.add(payload.jti);
    } catch {
      return answer(401, { error: 'invalid_client' });
    }
    const token = randomUUID();
    this.tokens.add(token);
    return answer(200, { access_token: token, token_type: 'bearer', expires_in: this.auth.expiresIn ?? 300, scope: form.get('scope') });
  }
}

function outcome(code: string, diagnostics: string) {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] };
}
