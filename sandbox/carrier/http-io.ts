import type { IncomingMessage } from 'node:http';

// What the sandbox sends back for one request, before latency and transport.
export interface Answer {
  status: number;
  body: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export function jsonAnswer(status: number, value: unknown): Answer {
  return { status, body: JSON.stringify(value) };
}

// EasyPost's error shape; the client reads code and message from it.
export function apiError(status: number, code: string, message: string, headers?: Record<string, string>): Answer {
  return { status, body: JSON.stringify({ error: { code, message, errors: [] } }), headers };
}

// The body as text, or undefined when it is larger than the limit.
export function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size <= limit ? Buffer.concat(chunks).toString('utf8') : undefined));
    req.on('error', reject);
  });
}

export type Parsed = { ok: true; value: unknown } | { ok: false };

export function parseJson(text: string): Parsed {
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

// EasyPost authenticates with HTTP Basic: the API key is the user name.
export function basicAuthUser(header: string | undefined): string | undefined {
  if (!header?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? decoded : decoded.slice(0, colon);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
