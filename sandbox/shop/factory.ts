import { hashString, seededRandom, type Random } from '../carrier/random.ts';
import { sandboxTrackingCode, type ScenarioName } from '../carrier/scenarios.ts';
import { companiesByMarket } from './carriers.ts';
import { makePerson, marketForLocale, markets, type Market } from './people.ts';
import type { DisputeDraft, OrderDraft, ShopStore } from './store.ts';
import { formatDateTime } from './time.ts';
import type { DisputeInput, DisputeStatus, DisputeType, OrderInput, SandboxOrder } from './types.ts';

// Makes believable records from a seed: customers, orders, tracking numbers and disputes. The same seed
// always makes the same shop.

// Mostly parcels that arrive; the rest spread over the carrier sandbox's troubled lifecycles.
const scenarioShares: [ScenarioName, number][] = [
  ['delivered', 60],
  ['late', 8],
  ['international', 6],
  ['exception', 5],
  ['stalled', 4],
  ['never_scanned', 4],
  ['pickup', 4],
  ['return_to_sender', 3],
  ['failure', 3],
  ['mismatch', 3],
];

// Visa's and Mastercard's codes for the reasons the sandbox uses.
const networkReasonCodes: Record<string, [string, string]> = {
  PRODUCT_NOT_RECEIVED: ['13.1', '4855'],
  FRAUDULENT: ['10.4', '4837'],
  PRODUCT_UNACCEPTABLE: ['13.3', '4853'],
  SUBSCRIPTION_CANCELLED: ['13.2', '4841'],
  DUPLICATE: ['12.6.1', '4834'],
  CREDIT_NOT_PROCESSED: ['13.6', '4860'],
  GENERAL: ['13.7', '4853'],
};

const priceScale: Record<Market, number> = { US: 1, DK: 7, PH: 57 };
const DAY = 86_400_000;

export class ShopFactory {
  readonly random: Random;
  readonly #store: ShopStore;
  #trackingCount: number;
  #houseNumbers = 0;

  constructor(store: ShopStore, seed: number) {
    this.random = seededRandom(hashString('shop', seed));
    this.#store = store;
    // Different seeds use different tracking numbers, so shops sharing one carrier sandbox do not collide.
    this.#trackingCount = (Math.abs(Math.trunc(seed)) % 100_000) * 100_000;
  }

  pick = <T>(items: readonly T[]): T => items[Math.floor(this.random() * items.length)];

  orderDraft(input: Partial<OrderInput> = {}, at: string): OrderDraft {
    const locale = input.locale ?? 'en';
    const market = input.shippingAddress?.countryCode ? asMarket(input.shippingAddress.countryCode) : marketForLocale(locale);
    const person = makePerson(market, this.pick, 1 + (this.#houseNumbers++ * 7) % 180);
    const email = input.email === undefined ? person.email : input.email;
    const customer = this.#customerFor(input.customerId, { email, locale, firstName: person.firstName, lastName: person.lastName }, at);
    const shippingAddress = input.shippingAddress === null ? null : { ...person.address, ...input.shippingAddress };
    return {
      name: input.name,
      email,
      phone: person.address.phone,
      customerLocale: locale,
      customer,
      shippingAddress,
      currencyCode: markets[market].currencyCode,
      totalPrice: (Math.round((15 + this.random() * 235) * priceScale[market]) - 0.05).toFixed(2),
    };
  }

  trackingNumber(scenario: ScenarioName = this.#scenario()): string {
    return sandboxTrackingCode(scenario, this.#trackingCount++ % 10_000_000_000);
  }

  company(order: SandboxOrder): string | null {
    return this.pick(companiesByMarket[asMarket(order.shippingAddress?.countryCode ?? 'US')]);
  }

  disputeDraft(order: SandboxOrder, input: Partial<DisputeInput>, at: number): DisputeDraft {
    const reason = input.reason ?? 'PRODUCT_NOT_RECEIVED';
    const type: DisputeType = input.type ?? 'CHARGEBACK';
    const codes = networkReasonCodes[reason];
    return {
      type,
      status: (input.status ?? 'NEEDS_RESPONSE') as DisputeStatus,
      reason,
      networkReasonCode: codes && type === 'CHARGEBACK' ? this.pick(codes) : null,
      amount: input.amount ?? order.totalPrice,
      currencyCode: order.currencyCode,
      evidenceDueBy: formatDateTime(input.evidenceDueBy?.getTime() ?? Math.floor((at + 7 * DAY) / 1000) * 1000),
    };
  }

  #scenario(): ScenarioName {
    let roll = this.random() * 100;
    for (const [scenario, share] of scenarioShares) {
      if (roll < share) return scenario;
      roll -= share;
    }
    return 'delivered';
  }

  // undefined: a new customer; null: a guest checkout; an id: that customer, made up if unknown.
  #customerFor(customerId: string | null | undefined, person: { email: string | null; locale: string; firstName: string; lastName: string }, at: string) {
    if (customerId === null) return null;
    const existing = customerId === undefined ? undefined : this.#store.customer(customerId);
    if (existing) return existing;
    return this.#store.addCustomer({ id: customerId ?? this.#store.newId(), ...person, createdAt: at });
  }
}

function asMarket(countryCode: string): Market {
  return countryCode === 'DK' || countryCode === 'PH' ? countryCode : 'US';
}
