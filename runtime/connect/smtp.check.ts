import nodemailer from 'nodemailer';
import type { Config } from '../../core/config.ts';
import type { Report } from './check.ts';

// SMTP_URL set: the server answers and takes the credentials. Unset: emails stay in the outbox.
export async function smtpCheck(config: Config, say: Report): Promise<void> {
  if (!config.SMTP_URL) {
    say({ status: 'warn', text: 'SMTP_URL not set: emails are kept in the outbox, not sent', fix: 'set SMTP_URL=smtp://user:password@host:587 to send them' });
    return;
  }
  const transport = nodemailer.createTransport(config.SMTP_URL);
  const host = new URL(config.SMTP_URL).host;
  try {
    await Promise.race([transport.verify(), timeout(15_000)]);
    say({ status: 'ok', text: `SMTP server ${host} reachable, credentials accepted` });
  } catch (error) {
    say({ status: 'fail', text: `SMTP server ${host}: ${(error as Error).message}`, fix: 'check the host, port and credentials in SMTP_URL' });
  } finally {
    transport.close();
  }
}

function timeout(ms: number): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms).unref());
}
