import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { PostalAddress } from '../core/postal-address.ts';
import type { IssueKind } from '../core/notification-kinds.ts';

// Typed tables, mirroring db/migrations. Shopify ids are strings (they exceed 2^53).

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface ShopsTable {
  id: Generated<string>;
  domain: string;
  name: string;
  sync_cursor: string | null;
  // Shopify Payments disputes: the newest initiatedAt the reconciliation has read.
  disputes_cursor: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

// A shipping address as Shopify's Admin GraphQL API names its fields: the postal address, and the
// phone number support may call.
export interface Address extends PostalAddress {
  phone?: string | null;
}

export interface OrdersTable {
  id: Generated<string>;
  shop_id: string;
  shopify_id: string;
  name: string;
  number: number | null;
  email: string | null;
  customer_id: string | null;
  customer_locale: string | null;
  shipping_address: Json<Address> | null;
  postal_code: string | null;
  cancelled_at: Timestamp | null;
  shopify_updated_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface Place {
  city?: string | null;
  state?: string | null;
  country?: string | null;
  zip?: string | null;
}

export type ShipmentAttention = 'invalid_tracking_code' | 'carrier_mismatch' | 'tracking_expired' | 'carrier_unauthorized' | 'customer_data_refused' | 'carrier_failing';

export interface ShipmentsTable {
  id: Generated<string>;
  shop_id: string;
  order_id: string;
  fulfillment_id: string | null;
  tracking_code: string;
  declared_carrier: string | null;
  carrier: string | null;
  tracking_url: string | null;
  tracker_id: string | null;
  status: Generated<string>;
  status_detail: string | null;
  est_delivery_at: Timestamp | null;
  last_scan_at: Timestamp | null;
  delivered_at: Timestamp | null;
  signed_by: string | null;
  public_url: string | null;
  destination: Json<Place> | null;
  tracker_updated_at: Timestamp | null;
  last_event_at: Timestamp | null;
  event_count: Generated<number>;
  last_change_at: Timestamp | null;
  last_checked_at: Timestamp | null;
  checks: Generated<number>;
  check_failures: Generated<number>;
  check_leased_until: Timestamp | null;
  last_error: string | null;
  next_check_at: Timestamp | null;
  attention: ShipmentAttention | null;
  retired_at: Timestamp | null;
  delivery_proof: Json<DeliveryProof> | null;
  // Support stopped tracking (retired_at is set too); only support resumes it.
  tracking_stopped_at: Timestamp | null;
  // When the fulfillment was created (the label), and the carrier's service ("Ground", "Priority"…).
  shipped_at: ColumnType<Date, Date | string | undefined, Date | string>;
  service: string | null;
  // The first scan, the first delivery date the carrier gave, and the date the shop's own history gave
  // when the carrier gave none (set once, at the first scan).
  first_scan_at: Timestamp | null;
  first_est_delivery_at: Timestamp | null;
  learned_est_delivery_at: Timestamp | null;
  // A replacement support sent for a presumed-lost parcel: the parcel it replaces.
  replaces_shipment_id: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface TrackingEventsTable {
  id: Generated<string>;
  shop_id: string;
  shipment_id: string;
  dedupe_key: string;
  occurred_at: Timestamp | null;
  status: string;
  status_detail: string | null;
  message: string | null;
  location: Json<Place> | null;
  created_at: CreatedAt;
}

export interface NotificationsTable {
  id: Generated<string>;
  shop_id: string;
  shipment_id: string | null;
  order_id: string | null;
  kind: string;
  episode: Generated<number>;
  recipient: string;
  locale: Generated<string>;
  state: Generated<'pending' | 'sent' | 'failed' | 'suppressed'>;
  suppressed_reason: string | null;
  message_id: string;
  attempts: Generated<number>;
  last_error: string | null;
  sent_at: Timestamp | null;
  issue_id: string | null;
  dispute_id: string | null;
  created_at: CreatedAt;
}

export interface ShipmentIssuesTable {
  id: Generated<string>;
  shop_id: string;
  shipment_id: string;
  kind: IssueKind;
  episode: number;
  opened_at: Timestamp;
  cleared_at: Timestamp | null;
  details: Json<Record<string, unknown>> | null;
  // A stall: when the follow-up its delay email promised was decided (sent, or not owed).
  followed_up_at: Timestamp | null;
}

export interface CarrierThresholdsTable {
  shop_id: string;
  carrier: string;
  scope: 'domestic' | 'international';
  stall_hours: number;
  samples: number;
  percentile_hours: number;
  computed_at: Timestamp;
}

export interface EmailSuppressionsTable {
  id: Generated<string>;
  shop_id: string;
  email: string;
  reason: 'opt_out' | 'bounced';
  created_at: CreatedAt;
}

export type DisputeState = 'open' | 'resolved';
export type DisputeSource = 'shopper' | 'payment' | 'lost';
export type DisputeResolution = 'found' | 'reshipped' | 'refunded' | 'rejected';
export type AddressAnswer = 'confirmed' | 'wrong';

// Why a case was flagged as a repeat claim: how many cases matched by each subject within the window.
export interface RepeatFlag {
  windowDays: number;
  threshold: number;
  byCustomer: number;
  byEmail: number;
  byAddress: number;
}

export interface DisputesTable {
  id: Generated<string>;
  shop_id: string;
  order_id: string;
  shipment_id: string | null;
  // shopper: reported not received; payment: a Shopify Payments dispute; lost: presumed lost by the
  // rules (no scan for too long, the carrier says lost or damaged, or tracking expired undelivered).
  source: DisputeSource;
  state: ColumnType<DisputeState, DisputeState | undefined, DisputeState>;
  shopper_note: string | null;
  shopify_dispute_id: string | null;
  resolution: DisputeResolution | null;
  resolution_note: string | null;
  evidence: Json | null;
  opened_at: CreatedAt;
  resolved_at: Timestamp | null;
  updated_at: UpdatedAt;
  address_requested_at: Timestamp | null;
  address_answer: AddressAnswer | null;
  address_correction: string | null;
  address_answered_at: Timestamp | null;
  address_confirmed_by: string | null;
  address_confirmed_at: Timestamp | null;
  repeat_flag: Json<RepeatFlag> | null;
  resolved_by: string | null;
  // Shopify Payments: INQUIRY or CHARGEBACK, its status (NEEDS_RESPONSE, UNDER_REVIEW, WON, LOST…),
  // the reason, the disputed amount, and the evidence deadline.
  payment_kind: string | null;
  payment_status: string | null;
  payment_reason: string | null;
  payment_amount: string | null;
  payment_currency: string | null;
  evidence_due_by: Timestamp | null;
  // Support asked for the tracking evidence to be submitted; the job records success or the error.
  evidence_submit_requested_at: Timestamp | null;
  evidence_submit_error: string | null;
  evidence_submitted_at: Timestamp | null;
  evidence_submitted_by: string | null;
  // False when the case opened before the carrier said delivered (often a stalled or late parcel).
  delivered_when_opened: Generated<boolean>;
  // A lost case: the episode that opened it, and the replacement parcel it was resolved with.
  issue_id: string | null;
  replacement_shipment_id: string | null;
}

export interface SupportNotesTable {
  id: Generated<string>;
  shop_id: string;
  order_id: string;
  shipment_id: string | null;
  author_id: string | null;
  body: string;
  created_at: CreatedAt;
}

// The carrier's proof-of-delivery fields, when it gives them.
export interface DeliveryProof {
  initialDeliveryAttempt?: string | null;
  service?: string | null;
}

export interface BlocklistEntriesTable {
  id: Generated<string>;
  shop_id: string;
  subject_kind: 'email' | 'customer' | 'ip';
  subject: string;
  level: 'warning' | 'restricted' | 'blocked';
  reason: string;
  expires_at: Timestamp | null;
  created_by: string | null;
  created_at: CreatedAt;
  lifted_at: Timestamp | null;
}

export interface WebhookReceiptsTable {
  id: Generated<string>;
  shop_id: string;
  provider: 'shopify' | 'easypost';
  event_id: string;
  topic: string;
  payload: Json | null;
  received_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface SupportUsersTable {
  id: Generated<string>;
  shop_id: string;
  email: string;
  password_hash: string;
  role: 'agent' | 'admin';
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
  disabled_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface SupportSessionsTable {
  id: Generated<string>;
  shop_id: string;
  user_id: string;
  token_hash: string;
  csrf_token: string;
  created_at: CreatedAt;
  last_seen_at: UpdatedAt;
  expires_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<string>;
  shop_id: string;
  actor_user_id: string | null;
  actor: string;
  action: string;
  subject_kind: string | null;
  subject_id: string | null;
  details: Json | null;
  created_at: CreatedAt;
}

export interface FulfillmentEventPostsTable {
  id: Generated<string>;
  shop_id: string;
  shipment_id: string;
  fulfillment_id: string;
  status: string;
  happened_at: Timestamp;
  details: Json<FulfillmentEventDetails> | null;
  shopify_event_id: string | null;
  posted_at: Timestamp | null;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: CreatedAt;
}

export interface FulfillmentEventDetails {
  message?: string | null;
  estimatedDeliveryAt?: string | null;
  city?: string | null;
  province?: string | null;
  country?: string | null;
  zip?: string | null;
}

export interface OutboxMessagesTable {
  id: Generated<string>;
  shop_id: string;
  message_id: string;
  recipient: string;
  subject: string;
  kind: string;
  locale: string;
  raw: string;
  created_at: CreatedAt;
}

export interface SupportApiTokensTable {
  id: Generated<string>;
  shop_id: string;
  name: string;
  token_hash: string;
  created_by: string | null;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

// A webhook registered with a provider; the secret itself is never stored, only its SHA-256 (hex).
export interface ProviderWebhooksTable {
  id: Generated<string>;
  shop_id: string;
  provider: 'easypost';
  external_id: string;
  url: string;
  secret_sha256: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

// How often shoppers looked an order up, per day (the shop's time zone does not matter here: UTC days).
export interface OrderLookupsTable {
  shop_id: string;
  order_id: string;
  day: ColumnType<string, string, string>;
  lookups: number;
}

// A learned delivery estimate: the 80th percentile of days from first scan to delivery of the shop's
// own parcels, per carrier, service ('' when unknown) and lane (a domestic region or a country).
export interface DeliveryEstimatesTable {
  shop_id: string;
  carrier: string;
  service: string;
  lane: string;
  samples: number;
  days: number;
  computed_at: Timestamp;
}

export interface SupportRateLimitsTable {
  shop_id: string;
  key: string;
  window_started_at: Timestamp;
  hits: number;
}

export interface Database {
  shops: ShopsTable;
  orders: OrdersTable;
  shipments: ShipmentsTable;
  tracking_events: TrackingEventsTable;
  notifications: NotificationsTable;
  disputes: DisputesTable;
  blocklist_entries: BlocklistEntriesTable;
  webhook_receipts: WebhookReceiptsTable;
  support_users: SupportUsersTable;
  support_sessions: SupportSessionsTable;
  audit_log: AuditLogTable;
  fulfillment_event_posts: FulfillmentEventPostsTable;
  shipment_issues: ShipmentIssuesTable;
  carrier_thresholds: CarrierThresholdsTable;
  email_suppressions: EmailSuppressionsTable;
  outbox_messages: OutboxMessagesTable;
  support_api_tokens: SupportApiTokensTable;
  support_rate_limits: SupportRateLimitsTable;
  support_notes: SupportNotesTable;
  provider_webhooks: ProviderWebhooksTable;
  order_lookups: OrderLookupsTable;
  delivery_estimates: DeliveryEstimatesTable;
  write_probe: WriteProbeTable;
}

// /readyz's write probe (db/health.repository.ts): one row, written anew.
export interface WriteProbeTable {
  written_at: CreatedAt;
}

export type Shop = Selectable<ShopsTable>;
export type Order = Selectable<OrdersTable>;
export type NewOrder = Insertable<OrdersTable>;
export type OrderUpdate = Updateable<OrdersTable>;
export type Shipment = Selectable<ShipmentsTable>;
export type NewShipment = Insertable<ShipmentsTable>;
export type WebhookReceipt = Selectable<WebhookReceiptsTable>;
export type ShipmentIssue = Selectable<ShipmentIssuesTable>;
export type Notification = Selectable<NotificationsTable>;
export type Dispute = Selectable<DisputesTable>;
export type SupportNote = Selectable<SupportNotesTable>;
export type ProviderWebhook = Selectable<ProviderWebhooksTable>;
