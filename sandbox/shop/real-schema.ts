import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from 'graphql';

// Shopify's own Admin GraphQL schema, 2026-10, from the introspection result kept in schema/ (see
// schema/MANIFEST.json for its source). Requests are validated against it, so the sandbox refuses what
// Shopify refuses; the SDL subset in schema.graphql is what it can execute. Building it takes about half
// a second, so it is built once, on first use.

export const REAL_SCHEMA_VERSION = '2026-10';

let built: GraphQLSchema | undefined;

export function realAdminSchema(): GraphQLSchema {
  if (!built) {
    const file = new URL(`./schema/admin_${REAL_SCHEMA_VERSION}.json.gz`, import.meta.url);
    const introspection = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as { data: IntrospectionQuery };
    built = buildClientSchema(introspection.data);
  }
  return built;
}
