import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { getOperationAST, getVariableValues, Kind, parse, validate, type FragmentDefinitionNode } from 'graphql';
import * as connectQueries from '../../../domain/shopify/connect-queries.ts';
import * as queries from '../../../domain/shopify/queries.ts';
import { requestedCost, SINGLE_QUERY_MAX_COST } from '../../../sandbox/shop/cost.ts';
import { realAdminSchema } from '../../../sandbox/shop/real-schema.ts';
import { shopSchema } from '../../../sandbox/shop/schema.ts';

// Every Admin GraphQL document the service sends must be one Shopify runs: valid for Shopify's 2026-10
// schema, and priced (by Shopify's rules, as the sandbox prices them) within the single-query limit of
// 1,000 points with the page sizes the service asks for.

const modules = { 'domain/shopify/queries.ts': queries, 'domain/shopify/connect-queries.ts': connectQueries };
const documents = Object.entries(modules).flatMap(([file, exports]) =>
  Object.entries(exports)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].trimStart().startsWith('#graphql'))
    .map(([name, text]) => ({ file, name, text })),
);

// The variables each operation is sent with, at the largest page sizes the service uses.
const variablesFor: Record<string, Record<string, unknown>> = {
  WhereaboutsOrder: { id: 'gid://shopify/Order/9007199254740993' },
  WhereaboutsOrdersPage: { first: queries.ORDERS_PAGE_SIZE, after: null, query: "updated_at:>='2026-11-20T10:00:00.000Z'" },
  WhereaboutsFulfillmentEvent: { fulfillmentEvent: { fulfillmentId: 'gid://shopify/Fulfillment/9007199254740993', status: 'IN_TRANSIT' } },
  WhereaboutsDisputes: { first: 50, after: null, query: "initiated_at:>='2026-11-20T10:00:00.000Z'" },
  WhereaboutsDispute: { id: 'gid://shopify/ShopifyPaymentsDispute/9007199254740993' },
  WhereaboutsDisputeEvidence: { id: 'gid://shopify/ShopifyPaymentsDisputeEvidence/9007199254740993', input: { uncategorizedText: 'Delivered.', submitEvidence: true } },
  WhereaboutsShop: {},
  WhereaboutsRecentOrder: {},
  WhereaboutsWebhookSubscriptions: { first: 250, after: null, topics: ['FULFILLMENTS_CREATE', 'FULFILLMENTS_UPDATE'] },
  WhereaboutsWebhookSubscriptionCreate: { topic: 'FULFILLMENTS_UPDATE', webhookSubscription: { uri: 'https://whereabouts.example/webhooks/shopify', format: 'JSON' } },
  WhereaboutsWebhookSubscriptionUpdate: { id: 'gid://shopify/WebhookSubscription/9007199254740993', webhookSubscription: { uri: 'https://whereabouts.example/webhooks/shopify' } },
};

// What each costs; a change here is a change in what the service spends of the shop's bucket.
const expectedCosts: Record<string, number> = {
  WhereaboutsOrder: 3 + 50 * (1 + 15),
  WhereaboutsOrdersPage: 2 + 15 * (3 + 10 * (1 + 5)),
  WhereaboutsFulfillmentEvent: 10,
  WhereaboutsDisputes: 1 + 2 + 50 * 5,
  WhereaboutsDispute: 5,
  WhereaboutsDisputeEvidence: 10,
  WhereaboutsShop: 3,
  WhereaboutsRecentOrder: 2 + 1 * (1 + 1),
  WhereaboutsWebhookSubscriptions: 2 + 250,
  WhereaboutsWebhookSubscriptionCreate: 10,
  WhereaboutsWebhookSubscriptionUpdate: 10,
};

function sourceFiles(folder: string): string[] {
  return readdirSync(new URL(`../../../${folder}/`, import.meta.url), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => `${folder}/${file}`);
}

describe('the GraphQL documents the service sends to Shopify', () => {
  it('are all exported from queries.ts and connect-queries.ts: no other file under domain/, jobs/, server/ or runtime/ holds one', () => {
    const holders = ['domain', 'jobs', 'server', 'runtime'].flatMap(sourceFiles).filter((file) => readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8').includes('`#graphql'));
    expect(holders.sort()).to.deep.equal(Object.keys(modules).sort());
    const written = holders.reduce((count, file) => count + readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8').split('`#graphql').length - 1, 0);
    expect(documents).to.have.length(written);
  });

  for (const { file, name, text } of documents) {
    describe(`${name} (${file})`, () => {
      const document = parse(text);
      const operation = getOperationAST(document);
      const operationName = operation?.name?.value ?? '';
      const fragments = Object.fromEntries(
        document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
      );

      it("is valid for Shopify's 2026-10 schema, with the variables the service sends", () => {
        expect(validate(realAdminSchema(), document).map((error) => error.message)).to.deep.equal([]);
        expect(operation, 'one named operation').to.not.equal(null);
        expect(variablesFor, `variables for ${operationName}`).to.have.property(operationName);
        const coerced = getVariableValues(realAdminSchema(), operation?.variableDefinitions ?? [], variablesFor[operationName]);
        expect(coerced.errors?.map((error) => error.message) ?? []).to.deep.equal([]);
      });

      it('is served by the sandbox shop', () => {
        expect(validate(shopSchema(), document).map((error) => error.message)).to.deep.equal([]);
      });

      it(`costs at most ${SINGLE_QUERY_MAX_COST} points, the same in Shopify's schema and in the sandbox's`, () => {
        if (!operation) throw new Error('no operation');
        const variables = variablesFor[operationName];
        const cost = requestedCost({ schema: realAdminSchema(), operation, fragments, variables });
        expect(cost).to.equal(expectedCosts[operationName]);
        expect(cost).to.be.at.most(SINGLE_QUERY_MAX_COST);
        expect(requestedCost({ schema: shopSchema(), operation, fragments, variables })).to.equal(cost);
      });
    });
  }
});
