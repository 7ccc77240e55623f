import fc from 'fast-check';

/**
 * Requests generated from a service's own OpenAPI document, for property-based tests that
 * send hostile input to every route (see each app's fuzz.int-spec.ts).
 */

export interface Operation {
  readonly method: string;
  readonly path: string;
  readonly pathParams: readonly string[];
  readonly queryParams: readonly string[];
  readonly bodyFields: readonly string[];
  readonly hasBody: boolean;
}

export type OpenApiDocument = {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Array<{ in: string; name: string }>;
        requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> };
      }
    >
  >;
  components?: { schemas?: Record<string, { properties?: Record<string, unknown> }> };
};

/** Every operation of the service's own OpenAPI document, with the names it declares. */
export function openApiOperations(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const parameters = operation.parameters ?? [];
      const ref = operation.requestBody?.content?.['application/json']?.schema?.$ref;
      const schema =
        ref === undefined ? undefined : document.components?.schemas?.[ref.split('/').pop() ?? ''];
      return {
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        bodyFields: Object.keys(schema?.properties ?? {}),
        hasBody: operation.requestBody !== undefined,
      };
    }),
  );
}

/** Strings a fuzzer likes: any code units (lone surrogates, NUL), long ones, and near-valid ids. */
const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({
    unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
    maxLength: 20,
  }),
  fc.constantFrom(
    '\u0000',
    'a\ud800b',
    '\udc00',
    '%',
    '../',
    'x'.repeat(5000),
    '00000000-0000-0000-0000-000000000000',
    '-1',
    '1e309',
    'null',
  ),
);
const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  hostileString,
  fc.constantFrom(null, -1, 0, 1e308, Number.MAX_SAFE_INTEGER + 2, true, [], {}),
);

/** Every UTF-8 byte percent-encoded (a URL carries bytes: a lone surrogate becomes U+FFFD). */
function percentEncode(value: string): string {
  return [...Buffer.from(value, 'utf8')]
    .map((byte) => `%${byte.toString(16).padStart(2, '0')}`)
    .join('');
}

export function generatedRequest(
  operation: Operation,
): fc.Arbitrary<{ path: string; body?: string }> {
  const pathValues = fc.tuple(...operation.pathParams.map(() => hostileString));
  const query = fc.dictionary(fc.constantFrom(...operation.queryParams, 'unknown'), hostileString, {
    maxKeys: 3,
  });
  const body = fc.oneof(
    fc
      .dictionary(fc.constantFrom(...operation.bodyFields, 'unknown'), hostileJson, { maxKeys: 6 })
      .map((value) => JSON.stringify(value)),
    hostileJson.map((value) => JSON.stringify(value) ?? 'null'),
    fc.constantFrom('', '{', '{"a":'.repeat(3000), '[]', '"\\ud800"'),
  );
  return fc
    .record({
      pathValues,
      query,
      body: operation.hasBody || operation.method !== 'GET' ? body : fc.constant(undefined),
    })
    .map(({ pathValues: values, query: params, body: raw }) => {
      let path = operation.path;
      operation.pathParams.forEach((name, index) => {
        path = path.replace(`{${name}}`, percentEncode(values[index] ?? ''));
      });
      const search = new URLSearchParams(params).toString();
      return {
        path: search === '' ? path : `${path}?${search}`,
        ...(raw === undefined ? {} : { body: raw }),
      };
    });
}
