import fastifySwagger, { type SwaggerTransformObject } from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { ApiApp } from './api-types.js';
import { DOCS_PATH } from './auth-hook.js';

/**
 * The OpenAPI 3.1 document, generated from the routes' zod schemas (JSON at /api/docs/json, UI at /api/docs).
 * Schemas given an id (`.meta({ id: 'Monitor' })`) become components and are referenced. Registered before any
 * route: @fastify/swagger collects routes as they are added.
 */
export async function registerOpenApi(app: ApiApp, info: { version: string }): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'pagewatch API',
        version: info.version,
        description:
          'Run Postman collections as monitors and drive PagerDuty incidents. Errors are ' +
          '`{"error": {"code", "message", "details"}}`; lists are `{"data", "pagination": {"limit", "nextCursor"}}`.',
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API token: pw_…' },
        },
      },
      security: [{ bearerAuth: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: referencedComponentsOnly,
  });
  await app.register(fastifySwaggerUi, { routePrefix: DOCS_PATH });
}

/**
 * The zod transform emits every id'd schema of the global zod registry twice (as `X` and `XInput`), used or not,
 * each with `$schema` and `$id`. Keep the components the paths actually reference, without those two keys.
 */
const referencedComponentsOnly: SwaggerTransformObject = (input) => {
  const document = jsonSchemaTransformObject(input) as {
    paths?: unknown;
    components?: { schemas?: Record<string, Record<string, unknown>> };
  };
  const schemas = document.components?.schemas;
  if (!schemas) return document as ReturnType<SwaggerTransformObject>;
  const kept: Record<string, Record<string, unknown>> = {};
  const pending = referencedNames(document.paths);
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    const schema = schemas[name];
    if (!schema || kept[name]) continue;
    const { $schema: _schema, $id: _id, ...rest } = schema;
    kept[name] = rest;
    pending.push(...referencedNames(rest));
  }
  return {
    ...document,
    components: { ...document.components, schemas: kept },
  } as ReturnType<SwaggerTransformObject>;
};

function referencedNames(value: unknown): string[] {
  return [...JSON.stringify(value ?? null).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].flatMap(
    (match) => (match[1] ? [match[1]] : []),
  );
}
