import nodemailer from 'nodemailer';
import type { Db } from '../db/database.ts';
import { insertOutboxMessage } from '../db/outbox.repository.ts';
import type { EmailKind } from './kinds.ts';
import type { EmailMessage, MailSettings } from './message.ts';
import { languageOf } from './render.ts';

// Where messages go: a pooled SMTP connection when SMTP_URL is set, otherwise the dev outbox table,
// which keeps each message whole and sends nothing. Failures are classified for the caller's retry
// decision: try again later (transient) or give up on this message (permanent).

export interface SendContext {
  shopId: string;
  kind: EmailKind;
  locale?: string | null;
}

export interface SendResult {
  messageId: string;
  accepted: string[];
  rejected: string[];
  response: string;
}

export interface Mailer {
  readonly kind: 'smtp' | 'outbox';
  send(message: EmailMessage, context: SendContext): Promise<SendResult>;
  close(): void;
}

export type DeliveryFailureKind = 'transient' | 'permanent';

export class MailDeliveryError extends Error {
  readonly kind: DeliveryFailureKind;
  // The SMTP reply code (451, 550…), when the server gave one.
  readonly responseCode: number | null;
  // nodemailer's error code (ECONNECTION, EENVELOPE…).
  readonly code: string | null;
  constructor(message: string, details: { kind: DeliveryFailureKind; responseCode: number | null; code: string | null; cause?: unknown }) {
    super(message, { cause: details.cause });
    this.name = 'MailDeliveryError';
    this.kind = details.kind;
    this.responseCode = details.responseCode;
    this.code = details.code;
  }
}

// Failures with no reply code that another attempt cannot fix: the message itself is unsendable.
const permanentWithoutReply = new Set(['EENVELOPE', 'EMESSAGE', 'EMAXRECIPIENTS']);

export function classifySendError(error: unknown): MailDeliveryError {
  if (error instanceof MailDeliveryError) return error;
  const { message, code, responseCode } = (error ?? {}) as { message?: string; code?: string; responseCode?: number };
  const reply = typeof responseCode === 'number' ? responseCode : null;
  // RFC 5321: 4yz is transient, 5yz permanent, except 503 (bad sequence of commands), which says the
  // session was in a wrong state, not that the message was refused.
  const permanent = reply !== null ? reply >= 500 && reply !== 503 : permanentWithoutReply.has(code ?? '');
  return new MailDeliveryError(message ?? String(error), {
    kind: permanent ? 'permanent' : 'transient',
    responseCode: reply,
    code: code ?? null,
    cause: error,
  });
}

export function normalizeMessageId(messageId: string): string {
  const id = messageId.trim();
  return id.startsWith('<') ? id : `<${id}>`;
}

function addressList(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.map((entry) => (typeof entry === 'string' ? entry : String((entry as { address?: string }).address)));
}

function smtpMailer(smtpUrl: string): Mailer {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 5,
    // nodemailer's defaults (2 min to connect, 10 min of silence) would hold a worker far too long.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
  });
  return {
    kind: 'smtp',
    async send(message) {
      try {
        const info = await transport.sendMail(message);
        return {
          messageId: normalizeMessageId(message.messageId),
          accepted: addressList(info.accepted),
          rejected: addressList(info.rejected),
          response: info.response,
        };
      } catch (error) {
        throw classifySendError(error);
      }
    },
    close: () => transport.close(),
  };
}

function outboxMailer(db: Db): Mailer {
  // The stream transport builds exactly the bytes SMTP would carry, without a server.
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    kind: 'outbox',
    async send(message, context) {
      const info = await composer.sendMail(message);
      const raw = Buffer.isBuffer(info.message) ? info.message.toString('utf8') : '';
      const messageId = normalizeMessageId(message.messageId);
      const { inserted } = await insertOutboxMessage(db, {
        shopId: context.shopId,
        messageId,
        recipient: message.to,
        subject: message.subject,
        kind: context.kind,
        locale: languageOf(context.kind, context.locale),
        raw,
      });
      return {
        messageId,
        accepted: addressList(info.envelope.to),
        rejected: [],
        response: inserted ? 'stored in the dev outbox' : 'already in the dev outbox',
      };
    },
    close: () => composer.close(),
  };
}

// db is needed only for the dev outbox (no SMTP_URL).
export function createMailer(settings: Pick<MailSettings, 'smtpUrl'>, db?: Db): Mailer {
  if (settings.smtpUrl) return smtpMailer(settings.smtpUrl);
  if (!db) throw new Error('Without SMTP_URL mail goes to the dev outbox, which needs a database');
  return outboxMailer(db);
}
