import { GraphqlQueryError } from '@shopify/shopify-api';
import { expect } from 'chai';
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, isScalarType, type GraphQLNamedType } from 'graphql';
import { adminGraphqlClient, createShopify } from '../../domain/shopify/shopify.client.ts';
import { shopQuery } from '../../domain/shopify/connect-queries.ts';
import { fulfillmentEventCreateMutation, orderQuery, ordersPageQuery } from '../../domain/shopify/queries.ts';
import { realAdminSchema } from '../../sandbox/shop/real-schema.ts';
import { shopSchema } from '../../sandbox/shop/schema.ts';
import { startSandboxShop, type SandboxOrder, type SandboxShop } from '../../sandbox/shop/server.ts';

// The sandbox answers as Shopify does: requests checked against Shopify's own 2026-10 schema, costs by
// Shopify's rules, and the access an app holds (scopes, protected customer data) enforced per field.

const TOKEN = 'shpat_sandbox_contract';
const DOMAIN = 'contract-sandbox.myshopify.com';
type Answer = { data?: Record<string, unknown> | null; errors?: { message: string; path?: string[]; locations?: unknown[]; extensions: Record<string, unknown> }[]; extensions: { cost: Record<string, unknown> } };

function orderWithFulfillment(shop: SandboxShop): SandboxOrder {
  const created = shop.createOrder({ locale: 'da', email: 'anna.jensen@example.dk' });
  shop.createFulfillment(created.id, { trackingNumbers: ['SBDLV0000000001'], company: 'PostNord' });
  return shop.getOrder(created.id) as SandboxOrder;
}

describe('sandbox shop: Shopify contract', () => {
  let shop: SandboxShop;
  let order: SandboxOrder;

  const post = async (query: string, variables: Record<string, unknown> = {}): Promise<Answer> => {
    const response = await fetch(`${shop.origin}/admin/api/2026-10/graphql.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shopify-access-token': TOKEN },
      body: JSON.stringify({ query, variables }),
    });
    expect(response.status).to.equal(200);
    return (await response.json()) as Answer;
  };
  const client = () =>
    adminGraphqlClient(
      createShopify({ SHOPIFY_SHOP: shop.shopDomain, SHOPIFY_ADMIN_ACCESS_TOKEN: TOKEN, SHOPIFY_API_SECRET: 'contract-secret', SHOPIFY_API_VERSION: '2026-10', SHOPIFY_ADMIN_API_URL: shop.origin, PUBLIC_URL: 'http://localhost:3000' }),
      shop.shopDomain,
    );
  const orderGid = () => `gid://shopify/Order/${order.id}`;

  beforeEach(async () => {
    shop = await startSandboxShop({ shopDomain: DOMAIN, accessToken: TOKEN });
    order = orderWithFulfillment(shop);
  });
  afterEach(() => shop.close());

  describe("validation against Shopify's 2026-10 schema", () => {
    it('keeps every type, field, argument and enum value of its subset identical to the real schema', () => {
      const real = realAdminSchema();
      const problems: string[] = [];
      for (const type of Object.values(shopSchema().getTypeMap()).filter((t) => !t.name.startsWith('__'))) {
        const twin: GraphQLNamedType | undefined = real.getType(type.name);
        if (!twin || twin.constructor !== type.constructor) {
          problems.push(`${type.name}: no such ${type.constructor.name} on Shopify`);
          continue;
        }
        if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
          const realFields = (twin as typeof type).getFields() as Record<string, { type: unknown; args?: readonly { name: string; type: unknown }[] }>;
          for (const field of Object.values(type.getFields())) {
            const realField = realFields[field.name];
            if (!realField) problems.push(`${type.name}.${field.name}: not on Shopify`);
            else if (String(realField.type) !== String(field.type)) problems.push(`${type.name}.${field.name}: ${String(field.type)}, Shopify has ${String(realField.type)}`);
            for (const arg of 'args' in field ? field.args : []) {
              const realArg = realField?.args?.find((a) => a.name === arg.name);
              if (!realArg || String(realArg.type) !== String(arg.type)) problems.push(`${type.name}.${field.name}(${arg.name}: ${String(arg.type)}): Shopify has ${String(realArg?.type)}`);
            }
          }
        }
        if (isEnumType(type) && isEnumType(twin)) {
          for (const value of type.getValues()) if (!twin.getValue(value.name)) problems.push(`${type.name}.${value.name}: not on Shopify`);
        }
        if (isScalarType(type) !== isScalarType(twin)) problems.push(`${type.name}: kind differs`);
      }
      expect(problems).to.deep.equal([]);
    });

    it('refuses a field Shopify does not have, on HTTP 200 with undefinedField, and runs nothing', async () => {
      const fulfillmentId = `gid://shopify/Fulfillment/${order.fulfillments[0].id}`;
      const answer = await post(`mutation { fulfillmentEventCreate(fulfillmentEvent: { fulfillmentId: "${fulfillmentId}", status: IN_TRANSIT }) { fulfillmentEvent { id colour } } }`);
      expect(answer).to.not.have.property('data');
      expect(answer.errors?.[0].message).to.match(/colour/);
      expect(answer.errors?.[0].extensions.code).to.equal('undefinedField');
      expect(answer.errors?.[0].locations).to.have.length(1);
      expect(shop.fulfillmentEvents(order.fulfillments[0].id)).to.deep.equal([]);
    });

    it('refuses variables that do not coerce to their declared types', async () => {
      const wrongType = await post(ordersPageQuery, { first: 'ten' });
      const missing = await post(ordersPageQuery, {});
      for (const answer of [wrongType, missing]) {
        expect(answer).to.not.have.property('data');
        expect(answer.errors?.[0].extensions.code).to.equal('INVALID_VARIABLE');
        expect(answer.errors?.[0].message).to.match(/\$first/);
      }
      const topic = await post('query($t: [WebhookSubscriptionTopic!]) { webhookSubscriptions(first: 1, topics: $t) { nodes { id } } }', { t: ['ORDERS_EXPLODED'] });
      expect(topic.errors?.[0].message).to.match(/ORDERS_EXPLODED/);
    });

    it('names the field or argument when a document valid for Shopify uses a part of the schema the sandbox does not serve', async () => {
      const field = await post('query($id: ID!) { order(id: $id) { id note } }', { id: orderGid() });
      expect(field).to.not.have.property('data');
      expect(field.errors?.[0].extensions.code).to.equal('SANDBOX_UNSUPPORTED');
      expect(field.errors?.[0].message).to.match(/does not serve the field Order\.note/);
      const argument = await post('query($id: ID!) { order(id: $id) { fulfillments(first: 1, query: "status:success") { id } } }', { id: orderGid() });
      expect(argument.errors?.[0].message).to.match(/does not serve the argument query of Order\.fulfillments/);
    });
  });

  describe('query cost', () => {
    it('prices a plain list that takes first as first x (1 + one item): the order query of old, with 50 x 20, costs 1,053 and is refused', async () => {
      const oldOrderQuery = orderQuery.replace(/first: 15\b/, 'first: 20');
      expect(oldOrderQuery).to.not.equal(orderQuery);
      const refused = await post(oldOrderQuery, { id: orderGid() });
      expect(refused).to.not.have.property('data');
      expect(refused.errors?.[0].extensions).to.include({ code: 'MAX_COST_EXCEEDED', cost: 1053, maxCost: 1000 });
      const served = await post(orderQuery, { id: orderGid() });
      expect(served.extensions.cost).to.include({ requestedQueryCost: 803, actualQueryCost: 5 });
      expect(served.extensions.cost.throttleStatus).to.have.all.keys('maximumAvailable', 'currentlyAvailable', 'restoreRate');
    });
  });

  describe('protected customer data', () => {
    it("answers an order's email, phone, customer and address with null and an ACCESS_DENIED error each, keeping the rest", async () => {
      shop.setProtectedCustomerData(false);
      const answer = await post('query($id: ID!) { order(id: $id) { id name email phone customer { id } shippingAddress { city } fulfillments(first: 1) { id } } }', { id: orderGid() });
      expect(answer.data?.order).to.deep.include({ id: orderGid(), name: order.name, email: null, phone: null, customer: null, shippingAddress: null });
      expect((answer.data?.order as { fulfillments: unknown[] }).fulfillments).to.have.length(1);
      expect(answer.errors?.map((error) => error.path)).to.deep.equal([['order', 'email'], ['order', 'phone'], ['order', 'customer'], ['order', 'shippingAddress']]);
      expect(answer.errors?.[0]).to.deep.include({
        message: 'This app is not approved to access the Order object. See https://shopify.dev/docs/apps/launch/protected-customer-data for more details.',
        extensions: { code: 'ACCESS_DENIED' },
      });
      expect(answer.errors?.[0].locations).to.have.length(1);
      shop.setProtectedCustomerData(true);
      expect((await post(orderQuery, { id: orderGid() })).errors).to.equal(undefined);
    });

    it('makes the real client throw GraphqlQueryError, whose body still carries the data', async () => {
      shop = await restart({ protectedCustomerData: false });
      const error = await client().request(orderQuery, { variables: { id: orderGid() } }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(GraphqlQueryError);
      const body = (error as GraphqlQueryError).body as { data: { order: { id: string; email: null } } };
      expect(body.data.order).to.include({ id: orderGid(), email: null });
    });
  });

  describe('access scopes', () => {
    it('serves the granted scopes in currentAppInstallation, and the shop', async () => {
      shop.setScopes(['read_orders', 'write_fulfillments']);
      const answer = await post('{ shop { name myshopifyDomain } currentAppInstallation { accessScopes { handle description } } }');
      expect(answer.data?.shop).to.deep.equal({ name: 'Whereabouts Sandbox', myshopifyDomain: DOMAIN });
      const scopes = (answer.data?.currentAppInstallation as { accessScopes: { handle: string; description: string }[] }).accessScopes;
      expect(scopes.map((scope) => scope.handle)).to.deep.equal(['read_orders', 'write_fulfillments']);
      expect(scopes.every((scope) => scope.description.length > 0)).to.equal(true);
      const fromClient = await client().request<{ currentAppInstallation: { accessScopes: { handle: string }[] } }>(shopQuery);
      expect(fromClient.data?.currentAppInstallation.accessScopes).to.deep.equal([{ handle: 'read_orders' }, { handle: 'write_fulfillments' }]);
    });

    it('refuses a root field whose scope is not granted with ACCESS_DENIED and the required access', async () => {
      shop.setScopes(['read_fulfillments']);
      const orders = await post(ordersPageQuery, { first: 5 });
      expect(orders.data).to.equal(null);
      expect(orders.errors).to.have.length(1);
      expect(orders.errors?.[0]).to.deep.include({ message: 'Access denied for orders field. Required access: `read_orders` access scope.', path: ['orders'] });
      expect(orders.errors?.[0].extensions).to.include({ code: 'ACCESS_DENIED', requiredAccess: '`read_orders` access scope.' });
      const one = await post(orderQuery, { id: orderGid() });
      expect(one.data).to.deep.equal({ order: null });
      const disputes = await post('{ shopifyPaymentsAccount { disputes(first: 5) { nodes { id } } } }');
      expect(disputes.errors?.[0].extensions.requiredAccess).to.equal('`read_shopify_payments_disputes` access scope.');
      const fulfillmentId = `gid://shopify/Fulfillment/${order.fulfillments[0].id}`;
      const event = await post(fulfillmentEventCreateMutation, { fulfillmentEvent: { fulfillmentId, status: 'IN_TRANSIT' } });
      expect(event.data).to.deep.equal({ fulfillmentEventCreate: null });
      expect(event.errors?.[0].message).to.equal('Access denied for fulfillmentEventCreate field. Required access: `write_fulfillments` access scope.');
      expect(shop.fulfillmentEvents(order.fulfillments[0].id)).to.deep.equal([]);
    });

    it('counts a write scope as its read scope, as Shopify does', async () => {
      shop.setScopes(['write_orders']);
      expect((await post(orderQuery, { id: orderGid() })).errors).to.equal(undefined);
    });
  });

  async function restart(options: Parameters<typeof startSandboxShop>[0]) {
    await shop.close();
    const next = await startSandboxShop({ shopDomain: DOMAIN, accessToken: TOKEN, ...options });
    order = orderWithFulfillment(next);
    return next;
  }
});
