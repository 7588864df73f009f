import {
  getOperationAST,
  getVariableValues,
  GraphQLError,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { realAdminSchema, REAL_SCHEMA_VERSION } from './real-schema.ts';

// Before anything runs or is priced, a request must be one Shopify would run: the document valid for
// Shopify's real schema and the variables coerced against it. Refusals come back as Shopify sends them,
// on HTTP 200 with `errors` and no `data`. A request Shopify would accept but which uses a part of the
// schema the sandbox does not serve is refused too, by a message naming that part: the sandbox must not
// pretend to answer a field it cannot.

export interface GraphqlRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

export interface CheckedRequest {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
}

export type ErrorEntry = { message: string; locations?: { line: number; column: number }[]; path?: (string | number)[]; extensions: Record<string, unknown> };

export type CheckResult = { ok: true; request: CheckedRequest } | { ok: false; errors: ErrorEntry[] };

export const SANDBOX_UNSUPPORTED = 'SANDBOX_UNSUPPORTED';

// A client sends the same few documents again and again: each is parsed and validated once.
interface DocumentCheck {
  document?: DocumentNode;
  errors: ErrorEntry[];
  unsupported: ErrorEntry[];
}
const checkedDocuments = new Map<string, DocumentCheck>();
const MAX_CHECKED_DOCUMENTS = 500;

export function checkRequest(subset: GraphQLSchema, request: GraphqlRequest): CheckResult {
  const { document, errors, unsupported } = checkDocument(subset, request.query);
  if (!document || errors.length > 0) return refuse(errors);
  const operation = getOperationAST(document, request.operationName ?? undefined);
  if (!operation) {
    const message = request.operationName ? `No operation named "${request.operationName}"` : 'An operation name is required when the document holds several operations';
    return refuse([{ message, extensions: { code: 'OPERATION_NOT_FOUND' } }]);
  }
  const coerced = getVariableValues(realAdminSchema(), operation.variableDefinitions ?? [], request.variables ?? {});
  if (coerced.errors) return refuse(coerced.errors.map((error) => entry(error, 'INVALID_VARIABLE')));
  if (unsupported.length > 0) return refuse(unsupported);
  return { ok: true, request: { document, operation, fragments: fragmentsOf(document) } };
}

function checkDocument(subset: GraphQLSchema, query: string): DocumentCheck {
  let check = checkedDocuments.get(query);
  if (check) return check;
  try {
    const document = parse(query);
    const errors = validate(realAdminSchema(), document).map((error) => entry(error, validationCode(error.message)));
    check = { document, errors, unsupported: errors.length > 0 ? [] : validate(subset, document).map(unsupportedEntry) };
  } catch (error) {
    check = { errors: [entry(asGraphqlError(error), 'PARSE_FAILED')], unsupported: [] };
  }
  if (checkedDocuments.size >= MAX_CHECKED_DOCUMENTS) checkedDocuments.clear();
  checkedDocuments.set(query, check);
  return check;
}

function refuse(errors: ErrorEntry[]): CheckResult {
  return { ok: false, errors };
}

function entry(error: GraphQLError, code: string): ErrorEntry {
  const { message, locations } = error.toJSON();
  return { message, ...(locations ? { locations: [...locations] } : {}), extensions: { code } };
}

// graphql-js does not name the rule an error broke; its messages do. The codes are those Shopify's
// graphql-ruby answers with for the same mistakes.
const VALIDATION_CODES: [RegExp, string][] = [
  [/^Cannot query field/, 'undefinedField'],
  [/^Unknown argument/, 'argumentNotAccepted'],
  [/^Field ".*" argument ".*" of type ".*" is required/, 'missingRequiredArguments'],
  [/^Unknown type/, 'undefinedType'],
  [/^Variable ".*" is never used/, 'variableNotUsed'],
  [/^Variable ".*" is not defined/, 'variableNotDefined'],
  [/^Variable ".*" of type ".*" used in position expecting/, 'variableMismatch'],
  [/must have a selection of subfields|must not have a selection/, 'selectionMismatch'],
  [/^(Expected value of type|Enum ".*" cannot represent|.* cannot represent)/, 'argumentLiteralsIncompatible'],
  [/^Syntax Error/, 'PARSE_FAILED'],
];

function validationCode(message: string): string {
  return VALIDATION_CODES.find(([pattern]) => pattern.test(message))?.[1] ?? 'GRAPHQL_VALIDATION_FAILED';
}

// Valid for Shopify, outside the subset: say which field, argument or type the sandbox lacks.
function unsupportedEntry(error: GraphQLError): ErrorEntry {
  const field = /^Cannot query field "(\w+)" on type "(\w+)"/.exec(error.message);
  const argument = /^Unknown argument "(\w+)" on field "([\w.]+)"/.exec(error.message);
  const type = /^Unknown type "(\w+)"/.exec(error.message);
  const what = field ? `the field ${field[2]}.${field[1]}` : argument ? `the argument ${argument[1]} of ${argument[2]}` : type ? `the type ${type[1]}` : undefined;
  const message = what
    ? `The sandbox shop does not serve ${what}: it is in Shopify's ${REAL_SCHEMA_VERSION} schema but not in the sandbox's subset (sandbox/shop/schema.graphql).`
    : `The sandbox shop cannot run this document, valid for Shopify's ${REAL_SCHEMA_VERSION} schema: ${error.message}`;
  const { locations } = error.toJSON();
  return { message, ...(locations ? { locations: [...locations] } : {}), extensions: { code: SANDBOX_UNSUPPORTED } };
}

function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  return fragments;
}

function asGraphqlError(error: unknown): GraphQLError {
  return error instanceof GraphQLError ? error : new GraphQLError(error instanceof Error ? error.message : String(error));
}
