import type { Config } from '../../core/config.ts';
import type { ShipmentIssue } from '../../db/schema.ts';
import { elapsedHours } from './conditions.ts';

// When a silent parcel is owed the follow-up its delay email promised ("if it still hasn't moved by
// then, we'll contact you"). Sending it is domain/after-detection.ts.

type FollowUpConfig = Pick<Config, 'STALL_FOLLOW_UP_DAYS' | 'STALL_BUSINESS_DAYS'>;

// The window the delay email named (STALL_FOLLOW_UP_DAYS, working days when STALL_BUSINESS_DAYS) has
// passed since the stall opened, and the stall is still open: no scan has ended it.
export function followUpDue(issue: ShipmentIssue, now: Date, config: FollowUpConfig): boolean {
  if (issue.kind !== 'stalled' || issue.cleared_at !== null || issue.followed_up_at !== null) return false;
  return elapsedHours(issue.opened_at, now, config.STALL_BUSINESS_DAYS) >= config.STALL_FOLLOW_UP_DAYS * 24;
}
