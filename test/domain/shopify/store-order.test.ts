import { expect } from 'chai';
import { resumeTracking, stopTracking } from '../../../db/console.repository.ts';
import { listShipmentsForOrder } from '../../../db/shipments.repository.ts';
import type { OrderNode } from '../../../domain/shopify/order-node.ts';
import { storeOrder } from '../../../domain/shopify/store-order.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';

const BIG = '9007199254740993123';

function orderNode(overrides: Partial<OrderNode> = {}): OrderNode {
  return {
    id: `gid://shopify/Order/${BIG}`,
    legacyResourceId: BIG,
    name: '#1042',
    email: 'Anna.Jensen@example.dk ',
    updatedAt: '2026-11-20T10:00:00Z',
    cancelledAt: null,
    customerLocale: 'da',
    customer: { id: 'gid://shopify/Customer/9007199254740999001', email: 'anna.jensen@example.dk', locale: 'da' },
    shippingAddress: { name: 'Anna Jensen', address1: 'Nørregade 1', city: 'Aarhus', zip: '8000', countryCodeV2: 'DK', country: 'Denmark' },
    fulfillments: [],
    ...overrides,
  };
}

function fulfillment(id: string, tracking: Array<{ number: string | null; company?: string | null; url?: string | null }>, status = 'SUCCESS') {
  return { id: `gid://shopify/Fulfillment/${id}`, legacyResourceId: id, status, trackingInfo: tracking.map((t) => ({ company: t.company ?? null, number: t.number, url: t.url ?? null })) };
}

describe('storing an order from Shopify', () => {
  let ctx: TestContext;
  const store = (node: OrderNode) => ctx.db.transaction().execute((trx) => storeOrder(trx, ctx.shop.id, node, new Date(), ctx.logger));
  const shipmentsOf = async (orderId: string) => (await listShipmentsForOrder(ctx.db, orderId)).map((s) => ({ code: s.tracking_code, retired: s.retired_at !== null, attention: s.attention }));

  beforeEach(async () => {
    ctx = await createTestContext();
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('keeps ids above 2^53, the email, the locale and the postal code', async () => {
    const { order } = await store(orderNode());
    expect(order!.shopify_id).to.equal(BIG);
    expect(order!.customer_id).to.equal('9007199254740999001');
    expect(order!.email).to.equal('Anna.Jensen@example.dk');
    expect(order!.customer_locale).to.equal('da');
    expect(order!.postal_code).to.equal('8000');
    expect(order!.number).to.equal(1042);
  });

  it('stores an order without tracking numbers, with nothing to poll', async () => {
    const { order, added } = await store(orderNode({ fulfillments: [fulfillment('501', [])] }));
    expect(added).to.equal(0);
    expect(await shipmentsOf(order!.id)).to.deep.equal([]);
  });

  it('creates one shipment per tracking number, normalised, due for a first check', async () => {
    const node = orderNode({
      fulfillments: [fulfillment('501', [{ number: ' 1z001985yw99744790 ', company: 'UPS' }, { number: '9400100105807076062532', company: null }, { number: '123456789', company: 'my-custom-shipping-company' }])],
    });
    const { order, added } = await store(node);
    expect(added).to.equal(3);
    const rows = await listShipmentsForOrder(ctx.db, order!.id);
    expect(rows.map((r) => r.tracking_code).sort()).to.deep.equal(['123456789', '1Z001985YW99744790', '9400100105807076062532']);
    expect(rows.find((r) => r.tracking_code === '123456789')!.declared_carrier).to.equal('my-custom-shipping-company');
    expect(rows.every((r) => r.next_check_at !== null && r.fulfillment_id === '501')).to.equal(true);
  });

  it('refuses a garbage tracking number with a flag support can see, and never polls it', async () => {
    const { order, refused } = await store(orderNode({ fulfillments: [fulfillment('501', [{ number: '#☠1☢\n---\n4321\n', company: 'UPS' }])] }));
    expect(refused).to.equal(1);
    const [row] = await listShipmentsForOrder(ctx.db, order!.id);
    expect(row.attention).to.equal('invalid_tracking_code');
    expect(row.next_check_at).to.equal(null);
  });

  it('retires the old shipment when the tracking number changes, and tracks the new one', async () => {
    await store(orderNode({ fulfillments: [fulfillment('501', [{ number: '1Z001985YW99744790', company: 'UPS' }])] }));
    const { order, retired, added } = await store(
      orderNode({ updatedAt: '2026-11-20T11:00:00Z', fulfillments: [fulfillment('501', [{ number: '1Z999AA10123456784', company: 'UPS' }])] }),
    );
    expect({ retired, added }).to.deep.equal({ retired: 1, added: 1 });
    expect(await shipmentsOf(order!.id)).to.deep.include.members([
      { code: '1Z001985YW99744790', retired: true, attention: null },
      { code: '1Z999AA10123456784', retired: false, attention: null },
    ]);
  });

  it('stops tracking a cancelled fulfillment and every shipment of a cancelled order', async () => {
    const two = [fulfillment('501', [{ number: 'EZ1000000001' }]), fulfillment('502', [{ number: 'EZ2000000002' }])];
    const { order } = await store(orderNode({ fulfillments: two }));
    await store(orderNode({ updatedAt: '2026-11-20T11:00:00Z', fulfillments: [two[0], { ...two[1], status: 'CANCELLED' }] }));
    expect((await shipmentsOf(order!.id)).filter((s) => s.retired).map((s) => s.code)).to.deep.equal(['EZ2000000002']);
    await store(orderNode({ updatedAt: '2026-11-20T12:00:00Z', cancelledAt: '2026-11-20T12:00:00Z', fulfillments: two }));
    expect((await shipmentsOf(order!.id)).every((s) => s.retired)).to.equal(true);
  });

  it('keeps a parcel support stopped tracking stopped when the order is stored again', async () => {
    const { order } = await store(orderNode({ fulfillments: [fulfillment('501', [{ number: 'EZ4000000004' }])] }));
    const [shipment] = await listShipmentsForOrder(ctx.db, order!.id);
    await stopTracking(ctx.db, ctx.shop.id, shipment.id, new Date());
    await store(orderNode({ updatedAt: '2026-11-20T11:00:00Z', fulfillments: [fulfillment('501', [{ number: 'EZ4000000004', company: 'USPS' }])] }));
    const [after] = await listShipmentsForOrder(ctx.db, order!.id);
    expect(after).to.include({ declared_carrier: 'USPS', next_check_at: null });
    expect(after.retired_at).to.be.instanceOf(Date);
    expect(await resumeTracking(ctx.db, ctx.shop.id, shipment.id, new Date())).to.not.equal(undefined);
  });

  it('stores text with NUL characters without them, and no number for a name too long for one', async () => {
    const { order } = await store(
      orderNode({ name: '#99999999999', shippingAddress: { name: 'Anna\u0000 Jensen', address1: 'Nørregade 1', city: 'Aarhus', zip: '8000\u0000', countryCodeV2: 'DK', country: 'Denmark' } }),
    );
    expect(order).to.include({ name: '#99999999999', number: null, postal_code: '8000' });
    expect(order!.shipping_address).to.deep.include({ name: 'Anna Jensen', zip: '8000' });
  });

  it('never regresses newer data when an older read arrives late', async () => {
    await store(orderNode({ updatedAt: '2026-11-20T12:00:00Z', email: 'new@example.dk', fulfillments: [fulfillment('501', [{ number: 'EZ4000000004' }])] }));
    const late = await store(orderNode({ updatedAt: '2026-11-20T09:00:00Z', email: 'old@example.dk', fulfillments: [] }));
    expect(late.stale).to.equal(true);
    const order = await ctx.db.selectFrom('orders').selectAll().executeTakeFirstOrThrow();
    expect(order.email).to.equal('new@example.dk');
    expect((await shipmentsOf(order.id)).map((s) => s.retired)).to.deep.equal([false]);
  });

  it('stores the same read twice as once', async () => {
    const node = orderNode({ fulfillments: [fulfillment('501', [{ number: 'EZ4000000004' }])] });
    await store(node);
    const again = await store(node);
    expect({ added: again.added, retired: again.retired }).to.deep.equal({ added: 0, retired: 0 });
    expect(await ctx.db.selectFrom('shipments').select('id').execute()).to.have.length(1);
  });
});
