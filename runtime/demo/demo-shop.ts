import type { SandboxShop } from '../../sandbox/shop/server.ts';
import { sandboxTrackingCode, type ScenarioName } from '../../sandbox/carrier/scenarios.ts';

// The demo shop's orders: every interesting state, customers in English, Danish and Filipino. Made
// in the same order on every start, so the sandbox gives them the same ids and storing them again
// changes nothing.

interface Customer {
  name: string;
  email: string;
  locale: 'en' | 'da' | 'fil';
  city: string;
  province: string | null;
  zip: string;
  countryCode: string;
}

const customers: Customer[] = [
  { name: 'Emma Wilson', email: 'emma.wilson@example.com', locale: 'en', city: 'Portland', province: 'OR', zip: '97205', countryCode: 'US' },
  { name: 'Mette Hansen', email: 'mette.hansen@example.dk', locale: 'da', city: 'Aarhus', province: null, zip: '8000', countryCode: 'DK' },
  { name: 'Maria Santos', email: 'maria.santos@example.ph', locale: 'fil', city: 'Quezon City', province: 'NCR', zip: '1100', countryCode: 'PH' },
  { name: 'Lars Nielsen', email: 'lars.nielsen@example.dk', locale: 'da', city: 'København', province: null, zip: '2100', countryCode: 'DK' },
  { name: 'James Carter', email: 'james.carter@example.com', locale: 'en', city: 'Austin', province: 'TX', zip: '78701', countryCode: 'US' },
  { name: 'Jose Reyes', email: 'jose.reyes@example.ph', locale: 'fil', city: 'Cebu City', province: 'CEB', zip: '6000', countryCode: 'PH' },
];

const plan: Array<[ScenarioName | 'two_parcels' | 'unshipped', number]> = [
  ['delivered', 12],
  ['late', 5],
  ['stalled', 5],
  ['never_scanned', 4],
  ['pickup', 4],
  ['exception', 4],
  ['international', 4],
  ['return_to_sender', 3],
  ['failure', 2],
  ['two_parcels', 4],
  ['unshipped', 2],
  // A few of the carrier's rarer words (the sandbox carrier plays every official one).
  ['weather_delay', 1],
  ['refused', 1],
  ['lost', 1],
  ['damaged', 1],
  ['address_correction', 1],
  ['error', 1],
];

const carriers = ['USPS', 'UPS', 'PostNord', 'FedEx', 'DHL Express'];

export interface DemoSample {
  orderId: string;
  name: string;
  email: string;
  locale: string;
  scenario: string;
}

export function seedDemoShop(shop: SandboxShop): DemoSample[] {
  const samples: DemoSample[] = [];
  let n = 0;
  for (const [scenario, count] of plan) {
    for (let i = 0; i < count; i++, n++) {
      const c = customers[n % customers.length];
      const order = shop.createOrder({
        name: `#${1001 + n}`,
        email: c.email.replace('@', `+${n}@`),
        locale: c.locale,
        shippingAddress: { name: c.name, address1: `${10 + n} Demo Street`, city: c.city, province: c.province, provinceCode: c.province, zip: c.zip, countryCode: c.countryCode, country: c.countryCode },
      });
      const company = carriers[n % carriers.length];
      if (scenario === 'two_parcels') {
        shop.createFulfillment(order.id, { trackingNumbers: [sandboxTrackingCode('delivered', 9000 + n), sandboxTrackingCode('late', 9500 + n)], company });
      } else if (scenario !== 'unshipped') {
        shop.createFulfillment(order.id, { trackingNumbers: [sandboxTrackingCode(scenario, 9000 + n)], company });
      }
      // One delivered order's customer tells their bank it never came: a Shopify Payments chargeback.
      if (scenario === 'delivered' && i === 3) shop.createDispute(order.id, { reason: 'PRODUCT_NOT_RECEIVED', type: 'CHARGEBACK', status: 'NEEDS_RESPONSE' });
      samples.push({ orderId: order.id, name: order.name, email: order.email ?? '', locale: c.locale, scenario });
    }
  }
  return samples;
}
