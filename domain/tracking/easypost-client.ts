import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import EasyPostModule from '@easypost/api';
import type { Config } from '../../core/config.ts';

// Builds the real EasyPost client the way every caller in the service needs it: the configured key
// and base URL, kept-alive connections, and a deadline that the client itself never applies.

export interface EasyPostWebhook {
  id: string;
  object: 'Webhook';
  mode: string;
  url: string;
  created_at: string;
  disabled_at: string | null;
  custom_headers: { name: string; value: string }[];
}

export interface EasyPostClient {
  // The API key the client was built with (the real client keeps it here).
  readonly key?: string;
  Tracker: {
    create(params: { tracking_code: string; carrier?: string }): Promise<unknown>;
    retrieve(id: string): Promise<unknown>;
  };
  Webhook: {
    create(params: { url: string; webhook_secret?: string }): Promise<EasyPostWebhook>;
    all(params?: Record<string, unknown>): Promise<{ webhooks: EasyPostWebhook[] }>;
    retrieve(id: string): Promise<EasyPostWebhook>;
    // A PATCH; it also enables a webhook EasyPost disabled.
    update(id: string, params: { webhook_secret?: string }): Promise<EasyPostWebhook>;
    delete(id: string): Promise<void>;
  };
  Utils: { validateWebhook(body: Buffer, headers: Record<string, unknown>, secret: string): unknown };
}

export interface EasyPostResponse {
  status: number;
  headers: Record<string, string | undefined>;
}
type ResponseListener = (res: EasyPostResponse) => void;

type ClientOptions = { baseUrl?: string; useProxy?: boolean; requestMiddleware?: (request: SuperagentRequest) => SuperagentRequest };
interface SuperagentRequest {
  agent(agent: HttpAgent): SuperagentRequest;
  timeout(limits: { response: number; deadline: number }): SuperagentRequest;
  on(event: 'response', listener: ResponseListener): SuperagentRequest;
}

export const EasyPostClientClass = EasyPostModule as unknown as new (key: string, options?: ClientOptions) => EasyPostClient;

export type EasyPostClientConfig = Pick<Config, 'EASYPOST_API_KEY' | 'EASYPOST_BASE_URL' | 'EASYPOST_TIMEOUT_MS'>;

export interface EasyPostClientOptions {
  // Asked once per request, when it is built; the listener it returns (if any) sees the HTTP
  // status and headers, which the client drops from some of its errors (an HTML 502, an empty 503).
  listenerForRequest?: () => ResponseListener | undefined;
}

export function createEasyPostClient(config: EasyPostClientConfig, options: EasyPostClientOptions = {}): EasyPostClient {
  if (!config.EASYPOST_API_KEY) throw new Error('EASYPOST_API_KEY is required to talk to EasyPost');
  const deadline = config.EASYPOST_TIMEOUT_MS;
  // Reuse connections: a fresh TCP (and TLS) handshake per call costs more than the call itself.
  const secure = (config.EASYPOST_BASE_URL ?? 'https:').startsWith('https:');
  const agent = secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  return new EasyPostClientClass(config.EASYPOST_API_KEY, {
    baseUrl: config.EASYPOST_BASE_URL,
    // The client's own `timeout` option is never applied; superagent's is.
    requestMiddleware: (request) => {
      const listener = options.listenerForRequest?.();
      const limited = request.agent(agent).timeout({ response: deadline, deadline });
      return listener ? limited.on('response', listener) : limited;
    },
  });
}
