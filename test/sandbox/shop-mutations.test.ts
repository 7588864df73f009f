import { GraphqlQueryError } from '@shopify/shopify-api';
import { expect } from 'chai';
import { adminGraphqlClient, createShopify } from '../../domain/shopify/shopify.client.ts';
import { disputeEvidenceUpdateMutation, disputesPageQuery, fulfillmentEventCreateMutation, orderQuery } from '../../domain/shopify/queries.ts';
import { startSandboxShop, type SandboxFulfillment, type SandboxOrder, type SandboxShop } from '../../sandbox/shop/server.ts';

const TOKEN = 'shpat_sandbox_writes';
const DOMAIN = 'writes-sandbox.myshopify.com';

interface UserError {
  field: string[] | null;
  message: string;
}
interface EventCreated {
  fulfillmentEventCreate: { fulfillmentEvent: { id: string; status: string; happenedAt: string } | null; userErrors: UserError[] };
}
interface EvidenceUpdated {
  disputeEvidenceUpdate: { disputeEvidence: { id: string; submitted: boolean } | null; userErrors: UserError[] };
}
interface DisputeNode {
  id: string;
  legacyResourceId: string;
  status: string;
  type: string;
  evidenceSentOn: string | null;
  amount: { amount: string; currencyCode: string };
  reasonDetails: { reason: string; networkReasonCode: string | null };
  order: { id: string; legacyResourceId: string; name: string } | null;
}
interface DisputesPage {
  shopifyPaymentsAccount: { disputes: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: DisputeNode[] } };
}

function clientFor(shop: SandboxShop) {
  const shopify = createShopify({
    SHOPIFY_SHOP: shop.shopDomain,
    SHOPIFY_ADMIN_ACCESS_TOKEN: TOKEN,
    SHOPIFY_API_SECRET: 'writes-secret',
    SHOPIFY_API_VERSION: '2026-10',
    SHOPIFY_ADMIN_API_URL: shop.origin,
    PUBLIC_URL: 'http://localhost:3000',
  });
  return adminGraphqlClient(shopify, shop.shopDomain);
}

describe('sandbox shop: fulfillment events and dispute evidence written through the client', () => {
  let shop: SandboxShop;
  let client: ReturnType<typeof clientFor>;
  let order: SandboxOrder;
  let fulfillment: SandboxFulfillment;

  const createEvent = async (fulfillmentEvent: Record<string, unknown>) =>
    (await client.request<EventCreated>(fulfillmentEventCreateMutation, { variables: { fulfillmentEvent } })).data?.fulfillmentEventCreate;
  const updateEvidence = async (id: string, input: Record<string, unknown>) =>
    (await client.request<EvidenceUpdated>(disputeEvidenceUpdateMutation, { variables: { id, input } })).data?.disputeEvidenceUpdate;
  const disputesPage = async (variables: Record<string, unknown>) =>
    (await client.request<DisputesPage>(disputesPageQuery, { variables: { first: 50, ...variables } })).data?.shopifyPaymentsAccount.disputes;

  beforeEach(async () => {
    shop = await startSandboxShop({ accessToken: TOKEN, shopDomain: DOMAIN, cost: false });
    client = clientFor(shop);
    order = shop.createOrder({ locale: 'fil' });
    fulfillment = shop.createFulfillment(order.id, { trackingNumbers: ['SBDLV0000000001'], company: 'DHL Express' });
  });
  afterEach(() => shop.close());

  it('records fulfillmentEventCreate on the fulfillment and shows it in displayStatus and the delivery times', async () => {
    const fulfillmentId = `gid://shopify/Fulfillment/${fulfillment.id}`;
    const created = await createEvent({ fulfillmentId, status: 'IN_TRANSIT', happenedAt: '2026-11-20T11:00:00+01:00', message: 'Departed Cebu hub', city: 'Cebu City', estimatedDeliveryAt: '2026-11-22T00:00:00Z' });
    expect(created?.userErrors).to.deep.equal([]);
    expect(created?.fulfillmentEvent).to.include({ status: 'IN_TRANSIT', happenedAt: '2026-11-20T10:00:00Z' });
    expect(created?.fulfillmentEvent?.id).to.match(/^gid:\/\/shopify\/FulfillmentEvent\/\d+$/);
    await createEvent({ fulfillmentId, status: 'DELIVERED', happenedAt: '2026-11-21T15:30:00Z' });
    expect(shop.fulfillmentEvents(fulfillment.id).map(({ status, happenedAt, message }) => ({ status, happenedAt, message }))).to.deep.equal([
      { status: 'IN_TRANSIT', happenedAt: '2026-11-20T10:00:00Z', message: 'Departed Cebu hub' },
      { status: 'DELIVERED', happenedAt: '2026-11-21T15:30:00Z', message: null },
    ]);
    const served = (await client.request<{ order: { updatedAt: string; fulfillments: Record<string, unknown>[] } }>(orderQuery, { variables: { id: `gid://shopify/Order/${order.id}` } })).data?.order;
    expect(served?.fulfillments[0]).to.include({ displayStatus: 'DELIVERED', inTransitAt: '2026-11-20T10:00:00Z', deliveredAt: '2026-11-21T15:30:00Z', estimatedDeliveryAt: '2026-11-22T00:00:00Z' });
    expect(Date.parse(served?.updatedAt ?? '')).to.be.greaterThan(Date.parse(order.updatedAt));
  });

  it('answers userErrors, and records nothing, for a fulfillment the shop does not have', async () => {
    const created = await createEvent({ fulfillmentId: 'gid://shopify/Fulfillment/9007199254740993000', status: 'DELIVERED' });
    expect(created).to.deep.equal({ fulfillmentEvent: null, userErrors: [{ field: ['fulfillmentEvent', 'fulfillmentId'], message: 'Fulfillment does not exist.' }] });
  });

  it('refuses a status outside FulfillmentEventStatus through the schema, as a GraphqlQueryError', async () => {
    const fulfillmentId = `gid://shopify/Fulfillment/${fulfillment.id}`;
    const error = await client.request(fulfillmentEventCreateMutation, { variables: { fulfillmentEvent: { fulfillmentId, status: 'RETURN_TO_SENDER' } } }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(GraphqlQueryError);
    expect((error as Error).message).to.match(/RETURN_TO_SENDER/);
    expect(shop.fulfillmentEvents(fulfillment.id)).to.deep.equal([]);
  });

  it('pages disputes, filtered by status, with the order and the reason details', async () => {
    const open = [shop.createDispute(order.id), shop.createDispute(order.id, { reason: 'FRAUDULENT', amount: '12.50' }), shop.createDispute(order.id, { type: 'INQUIRY' })];
    shop.createDispute(order.id, { status: 'WON' });
    const lost = shop.createDispute(order.id);
    shop.updateDispute(lost.id, { status: 'LOST' });
    const firstPage = await disputesPage({ first: 2, query: 'status:needs_response' });
    const secondPage = await disputesPage({ first: 2, after: firstPage?.pageInfo.endCursor, query: 'status:needs_response' });
    expect(firstPage?.pageInfo.hasNextPage).to.equal(true);
    expect(secondPage?.pageInfo.hasNextPage).to.equal(false);
    const nodes = [...(firstPage?.nodes ?? []), ...(secondPage?.nodes ?? [])];
    expect(nodes.map((node) => node.legacyResourceId)).to.deep.equal(open.map((dispute) => dispute.id));
    expect(nodes[1]).to.deep.include({ status: 'NEEDS_RESPONSE', type: 'CHARGEBACK', amount: { amount: '12.50', currencyCode: order.currencyCode } });
    expect(nodes[1].reasonDetails.reason).to.equal('FRAUDULENT');
    expect(nodes[1].reasonDetails.networkReasonCode).to.be.oneOf(['10.4', '4837']);
    expect(nodes[2]).to.deep.include({ type: 'INQUIRY', reasonDetails: { reason: 'PRODUCT_NOT_RECEIVED', networkReasonCode: null } });
    expect(nodes[0].order).to.deep.equal({ id: `gid://shopify/Order/${order.id}`, legacyResourceId: order.id, name: order.name });
    expect((await disputesPage({ query: 'status:lost' }))?.nodes.map((node) => node.legacyResourceId)).to.deep.equal([lost.id]);
  });

  it('records dispute evidence over several updates, submits it when asked, then refuses more', async () => {
    const dispute = shop.createDispute(order.id);
    const evidenceId = `gid://shopify/ShopifyPaymentsDisputeEvidence/${dispute.id}`;
    const draft = await updateEvidence(evidenceId, { customerEmailAddress: order.email, uncategorizedText: 'Delivered 21 Nov, signed by M. Cruz.' });
    expect(draft).to.deep.equal({ disputeEvidence: { id: evidenceId, submitted: false }, userErrors: [] });
    const address = { address1: 'Rizal Street 5', city: 'Cebu City', countryCode: 'PH', zip: '6000' };
    const submitted = await updateEvidence(evidenceId, { shippingAddress: address, refundRefusalExplanation: 'The parcel arrived.', submitEvidence: true });
    expect(submitted?.disputeEvidence).to.deep.equal({ id: evidenceId, submitted: true });
    expect(shop.disputeEvidence(dispute.id)).to.deep.equal({
      submitted: true,
      updates: 2,
      fields: { customerEmailAddress: order.email, uncategorizedText: 'Delivered 21 Nov, signed by M. Cruz.', shippingAddress: address, refundRefusalExplanation: 'The parcel arrived.' },
    });
    const served = (await disputesPage({}))?.nodes[0];
    expect(served?.status).to.equal('UNDER_REVIEW');
    expect(served?.evidenceSentOn).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/);
    const late = await updateEvidence(evidenceId, { uncategorizedText: 'One more thing' });
    expect(late?.userErrors[0].message).to.match(/can no longer be updated/);
    expect(shop.disputeEvidence(dispute.id)?.updates).to.equal(2);
  });

  it('takes the dispute gid as well as the evidence gid, and answers userErrors for a dispute the shop does not have', async () => {
    const dispute = shop.createDispute(order.id);
    const viaDispute = await updateEvidence(`gid://shopify/ShopifyPaymentsDispute/${dispute.id}`, { accessActivityLog: 'Logged in from 10.0.0.1' });
    expect(viaDispute?.userErrors).to.deep.equal([]);
    const unknown = await updateEvidence('gid://shopify/ShopifyPaymentsDisputeEvidence/42', { submitEvidence: true });
    expect(unknown).to.deep.equal({ disputeEvidence: null, userErrors: [{ field: ['id'], message: 'Dispute evidence does not exist.' }] });
  });
});
