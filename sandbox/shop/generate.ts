import type { ShopFactory } from './factory.ts';
import { marketForLocale } from './people.ts';
import type { ShopStore } from './store.ts';
import { formatDateTime } from './time.ts';
import type { OrderInput, SandboxOrder } from './types.ts';

// A shop with history: orders from the last ten days in every state an ingester meets. States and
// locales are dealt from shuffled decks of twenty, so every twenty orders hold each kind at least once.

type Plan =
  | 'unfulfilled'
  | 'one_number'
  | 'several_numbers'
  | 'two_fulfillments'
  | 'no_tracking'
  | 'custom_carrier'
  | 'no_company'
  | 'failed_fulfillment'
  | 'cancelled_fulfillment'
  | 'cancelled_order'
  | 'tracking_changed';

const planDeck: Plan[] = [
  ...repeat<Plan>('unfulfilled', 2),
  ...repeat<Plan>('one_number', 7),
  ...repeat<Plan>('several_numbers', 2),
  ...repeat<Plan>('two_fulfillments', 2),
  'no_tracking',
  'custom_carrier',
  'no_company',
  'failed_fulfillment',
  'cancelled_fulfillment',
  'cancelled_order',
  'tracking_changed',
];
const localeDeck = [...repeat('en', 7), ...repeat('da', 6), ...repeat('fil', 5), 'da-DK', 'en-US'];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function generateShop(store: ShopStore, factory: ShopFactory, count: number, now: number): void {
  const history = new History(factory, now);
  const plans = new Deck(planDeck, factory);
  const locales = new Deck(localeDeck, factory);
  const ordersByMarket = new Map<string, SandboxOrder[]>();
  for (let i = 0; i < count; i++) {
    const placedAt = history.at(now - 10 * DAY, now - HOUR);
    const order = store.addOrder(factory.orderDraft(customerChoice(factory, locales.deal(), ordersByMarket), formatDateTime(placedAt)), formatDateTime(placedAt));
    const market = order.shippingAddress?.countryCode ?? 'US';
    if (!ordersByMarket.has(market)) ordersByMarket.set(market, []);
    ordersByMarket.get(market)?.push(order);
    play(plans.deal(), order, { store, factory, history, index: i });
    // About one order in 25 is disputed, days after it was placed.
    if (i % 25 === 12 && !order.cancelledAt && placedAt < now - 3 * DAY) {
      const disputedAt = history.after(placedAt, [2 * DAY, 5 * DAY]);
      const reason = factory.pick(['PRODUCT_NOT_RECEIVED', 'PRODUCT_NOT_RECEIVED', 'FRAUDULENT', 'PRODUCT_UNACCEPTABLE']);
      const status = factory.pick(['NEEDS_RESPONSE', 'NEEDS_RESPONSE', 'UNDER_REVIEW', 'WON', 'LOST']);
      const type = factory.pick(['CHARGEBACK', 'CHARGEBACK', 'INQUIRY'] as const);
      store.addDispute(order.id, factory.disputeDraft(order, { reason, status, type }, disputedAt), formatDateTime(disputedAt));
    }
  }
}

// Most customers are new; some come back (same person, same address); a few check out as guests,
// and a few of those leave no email.
function customerChoice(factory: ShopFactory, locale: string, ordersByMarket: Map<string, SandboxOrder[]>): Partial<OrderInput> {
  const roll = factory.random();
  // English is also the language of many shoppers in the Philippines.
  const market = locale === 'en' && factory.random() < 0.2 ? 'PH' : marketForLocale(locale);
  const shippingAddress = { countryCode: market };
  if (roll < 0.1) {
    const earlier = ordersByMarket.get(market)?.find((order) => order.customer);
    if (!earlier?.customer) return { locale, shippingAddress };
    return { customerId: earlier.customer.id, email: earlier.email, locale: earlier.customer.locale, shippingAddress: earlier.shippingAddress };
  }
  if (roll < 0.13) return { customerId: null, email: null, locale, shippingAddress };
  if (roll < 0.18) return { customerId: null, locale, shippingAddress };
  return { locale, shippingAddress };
}

interface Context {
  store: ShopStore;
  factory: ShopFactory;
  history: History;
  index: number;
}

function play(plan: Plan, order: SandboxOrder, { store, factory, history, index }: Context): void {
  const placedAt = Date.parse(order.createdAt);
  const shippedAt = history.after(placedAt, [HOUR, 2 * DAY]);
  const company = plan === 'custom_carrier' ? "Bob's Couriers" : plan === 'no_company' ? null : factory.company(order);
  const ship = (at: number, trackingNumbers: string[], extra: { trackingUrls?: string[]; status?: 'FAILURE' } = {}) =>
    store.addFulfillment(order.id, { trackingNumbers, company, ...extra }, formatDateTime(at));
  const number = () => decorate(factory, factory.trackingNumber());
  switch (plan) {
    case 'unfulfilled':
      return;
    case 'cancelled_order':
      store.cancelOrder(order.id, formatDateTime(history.after(placedAt, [10 * MINUTE, DAY])));
      return;
    case 'no_tracking':
      ship(shippedAt, [], { trackingUrls: [] });
      return;
    case 'failed_fulfillment':
      ship(shippedAt, [number()], { status: 'FAILURE' });
      return;
    case 'several_numbers': {
      const numbers = [number(), number(), ...(index % 2 ? [number()] : [])];
      const fulfillment = ship(shippedAt, numbers);
      // Shopify keeps numbers and URLs in separate lists that need not have the same length.
      if (index % 4 < 2) fulfillment.trackingUrls = fulfillment.trackingUrls.slice(0, 1);
      return;
    }
    case 'two_fulfillments':
      ship(shippedAt, [number()]);
      ship(history.after(shippedAt, [2 * HOUR, 3 * DAY]), [number()]);
      return;
    case 'cancelled_fulfillment': {
      const cancelledAt = history.after(shippedAt, [10 * MINUTE, 12 * HOUR]);
      store.setFulfillmentStatus(ship(shippedAt, [number()]).id, 'CANCELLED', formatDateTime(cancelledAt));
      if (index % 2 === 0) ship(history.after(cancelledAt, [10 * MINUTE, 6 * HOUR]), [number()]);
      return;
    }
    case 'tracking_changed': {
      const fulfillment = ship(shippedAt, [number()]);
      store.setTracking(fulfillment.id, { trackingNumbers: [number()] }, formatDateTime(history.after(shippedAt, [10 * MINUTE, 6 * HOUR])));
      return;
    }
    default:
      ship(shippedAt, [number()]);
  }
}

// Merchants paste tracking numbers as they find them: some in lower case, some with stray whitespace.
function decorate(factory: ShopFactory, code: string): string {
  const roll = factory.random();
  if (roll < 0.05) return code.toLowerCase();
  if (roll < 0.09) return ` ${code} `;
  if (roll < 0.12) return `${code}\n`;
  return code;
}

// Whole-second instants in the past, never later than a minute before the shop opened.
class History {
  readonly #random: () => number;
  readonly #latest: number;

  constructor(factory: ShopFactory, now: number) {
    this.#random = factory.random;
    this.#latest = now - MINUTE;
  }

  at(from: number, to: number): number {
    return wholeSecond(Math.min(this.#latest, from + this.#random() * (to - from)));
  }

  after(start: number, [min, max]: [number, number]): number {
    return Math.max(start + 1000, this.at(start + min, start + max));
  }
}

class Deck<T> {
  readonly #cards: readonly T[];
  readonly #factory: ShopFactory;
  #hand: T[] = [];

  constructor(cards: readonly T[], factory: ShopFactory) {
    this.#cards = cards;
    this.#factory = factory;
  }

  deal(): T {
    if (this.#hand.length === 0) this.#hand = shuffle([...this.#cards], this.#factory.random);
    return this.#hand.pop() as T;
  }
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

function repeat<T>(value: T, times: number): T[] {
  return Array.from({ length: times }, () => value);
}

function wholeSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}
