import type { EmailTemplate } from '../core/notification-kinds.ts';
import { actionNeededEmail } from './action_needed/action_needed.ts';
import { addressConfirmationEmail } from './address_confirmation/address_confirmation.ts';
import { caseResolvedEmail } from './case_resolved/case_resolved.ts';
import { delayedEmail } from './delayed/delayed.ts';
import { deliveredEmail } from './delivered/delivered.ts';
import { disputeReceivedEmail } from './dispute_received/dispute_received.ts';
import type { EmailDefinition } from './email.ts';
import { followUpEmail } from './follow_up/follow_up.ts';
import { neverScannedEmail } from './never_scanned/never_scanned.ts';
import { returningEmail } from './returning/returning.ts';
import { shippedEmail } from './shipped/shipped.ts';
import { supportAlertEmail } from './support_alert/support_alert.ts';

// Every email template, by the name core/notification-kinds.ts gives it and its folder here: one
// missing, or one the table does not name, is a type error.
export const emailDefinitions = {
  shipped: shippedEmail,
  delayed: delayedEmail,
  follow_up: followUpEmail,
  never_scanned: neverScannedEmail,
  action_needed: actionNeededEmail,
  returning: returningEmail,
  delivered: deliveredEmail,
  dispute_received: disputeReceivedEmail,
  address_confirmation: addressConfirmationEmail,
  case_resolved: caseResolvedEmail,
  support_alert: supportAlertEmail,
} satisfies Record<EmailTemplate, unknown>;

// The emails' own name for a template.
export type EmailKind = EmailTemplate;

type PropsOf<D> = D extends EmailDefinition<infer P> ? P : never;
export type EmailPropsByKind = { [K in EmailKind]: PropsOf<(typeof emailDefinitions)[K]> };

export const emailKinds = Object.keys(emailDefinitions) as EmailKind[];

export function isEmailKind(value: string): value is EmailKind {
  return Object.hasOwn(emailDefinitions, value);
}

// The map's value type is a union; this is where a kind meets its own props type.
export function definitionOf<K extends EmailKind>(kind: K): EmailDefinition<EmailPropsByKind[K]> {
  return emailDefinitions[kind] as unknown as EmailDefinition<EmailPropsByKind[K]>;
}

export function isProactive(kind: EmailKind): boolean {
  return emailDefinitions[kind].proactive;
}

export function isShopperFacing(kind: EmailKind): boolean {
  return emailDefinitions[kind].audience === 'shopper';
}
