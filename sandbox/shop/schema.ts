import { readFileSync } from 'node:fs';
import { buildSchema, GraphQLScalarType, Kind, type GraphQLSchema, type ValueNode } from 'graphql';
import { formatDateTime } from './time.ts';

// The schema subset in SDL (schema.graphql), with Shopify's scalars given their real behaviour:
// DateTime inputs must be ISO-8601 and come out in UTC, UnsignedInt64 travels as a string of digits.

interface ScalarBehaviour {
  serialize(value: unknown): unknown;
  parse(value: unknown): unknown;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

const scalars: Record<string, ScalarBehaviour> = {
  DateTime: {
    serialize: (value) => (value instanceof Date ? formatDateTime(value.getTime()) : String(value)),
    parse(value) {
      const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
      if (Number.isNaN(ms)) throw new TypeError(`Invalid DateTime: ${JSON.stringify(value)}`);
      return formatDateTime(ms);
    },
  },
  Date: {
    serialize: String,
    parse(value) {
      if (typeof value !== 'string' || !DATE_ONLY.test(value)) throw new TypeError(`Invalid Date: ${JSON.stringify(value)}`);
      return value;
    },
  },
  UnsignedInt64: {
    serialize: String,
    parse(value) {
      const text = typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : value;
      if (typeof text !== 'string' || !/^\d+$/.test(text)) throw new TypeError(`Invalid UnsignedInt64: ${JSON.stringify(value)}`);
      return text;
    },
  },
  Decimal: {
    serialize: String,
    parse(value) {
      const text = typeof value === 'number' ? String(value) : value;
      if (typeof text !== 'string' || !/^-?\d+(\.\d+)?$/.test(text)) throw new TypeError(`Invalid Decimal: ${JSON.stringify(value)}`);
      return text;
    },
  },
  URL: {
    serialize: String,
    parse(value) {
      if (typeof value !== 'string' || !URL.canParse(value)) throw new TypeError(`Invalid URL: ${JSON.stringify(value)}`);
      return value;
    },
  },
};

let built: GraphQLSchema | undefined;

export function shopSchema(): GraphQLSchema {
  built ??= withScalarBehaviour(buildSchema(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8')));
  return built;
}

function withScalarBehaviour(schema: GraphQLSchema): GraphQLSchema {
  for (const [name, behaviour] of Object.entries(scalars)) {
    const type = schema.getType(name);
    if (!(type instanceof GraphQLScalarType)) throw new Error(`schema.graphql lacks the scalar ${name}`);
    type.serialize = behaviour.serialize;
    type.parseValue = behaviour.parse;
    type.parseLiteral = (node: ValueNode) => behaviour.parse(literalValue(node));
  }
  return schema;
}

// Number literals stay text, so a 64-bit id written inline keeps all its digits.
function literalValue(node: ValueNode): unknown {
  if (node.kind === Kind.STRING || node.kind === Kind.INT || node.kind === Kind.FLOAT) return node.value;
  return undefined;
}
