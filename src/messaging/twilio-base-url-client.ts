/**
 * A twilio SDK RequestClient that sends every *.twilio.com request to another base URL: the wire-level
 * Twilio fake in tests, or a local stand-in in the dev stack. The SDK builds absolute
 * https://api.twilio.com/... URLs (with edge/region folded into the host name), and `httpClient` is the
 * supported seam for replacing how they are fetched; everything else (auth, form encoding, paging,
 * RestException) stays the SDK's own.
 */
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';


export class TwilioBaseUrlRequestClient extends twilio.RequestClient {
  private readonly base: URL;

  constructor(baseUrl: string, options?: ConstructorParameters<typeof twilio.RequestClient>[0]) {
    super(options);
    this.base = new URL(baseUrl);
  }

  override request<TData>(options: RequestClient.RequestOptions<TData>) {
    const target = new URL(options.uri);
    if (target.hostname === 'twilio.com' || target.hostname.endsWith('.twilio.com')) {
      target.protocol = this.base.protocol;
      target.host = this.base.host;
      target.pathname = this.base.pathname.replace(/\/$/, '') + target.pathname;
    }
    return super.request<TData>({ ...options, uri: target.href });
  }
}
