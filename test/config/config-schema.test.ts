import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import Fastify from 'fastify';
import { parse as parseYaml } from 'yaml';
import { CONFIG_SCHEMA_FILE, configJsonSchema } from '../../src/config/config-file-schema.js';
import { loadConfigFileOrThrow } from '../../src/config/load-config-file.js';
import { configDir, SAMPLE_ENVIRONMENT, SAMPLE_KEY, sampleCollection } from './config-fixtures.js';

const repoRoot = new URL('../../', import.meta.url);
const committedPath = new URL(CONFIG_SCHEMA_FILE, repoRoot);
const apiMdPath = new URL('../shared/design/API.md', repoRoot);

/** The fenced ```yaml blocks of a Markdown file (after `heading`, when given). */
function yamlBlocks(markdown: string, heading?: string): string[] {
  const text = heading ? markdown.slice(Math.max(0, markdown.indexOf(heading))) : markdown;
  return [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
}

/**
 * Validates data against the JSON Schema with a real JSON Schema validator: Fastify's (Ajv 8 with formats), set to
 * report rather than repair (no removing of unknown fields, no type coercion, no defaults).
 */
async function jsonSchemaValidator(schema: Record<string, unknown>) {
  const app = Fastify({
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: true },
    },
  });
  app.post('/validate', { schema: { body: schema } }, async () => ({ valid: true }));
  await app.ready();
  return {
    async errorsOf(data: unknown): Promise<string | undefined> {
      const response = await app.inject({ method: 'POST', url: '/validate', payload: data as object });
      return response.statusCode === 200 ? undefined : (response.json() as { message: string }).message;
    },
    close: () => app.close(),
  };
}

describe('the JSON Schema of the config file', () => {
  test(`${CONFIG_SCHEMA_FILE} is the one generated from the zod schema (UPDATE_CONFIG_SCHEMA=1 rewrites it)`, async () => {
    const generated = configJsonSchema();
    if (process.env.UPDATE_CONFIG_SCHEMA === '1') {
      await writeFile(committedPath, `${JSON.stringify(generated, null, 2)}\n`);
    }
    const committed = JSON.parse(await readFile(committedPath, 'utf8')) as unknown;
    assert.deepEqual(
      committed,
      generated,
      `${CONFIG_SCHEMA_FILE} is stale: run UPDATE_CONFIG_SCHEMA=1 node --import tsx --test test/config/config-schema.test.ts`,
    );
  });

  test('the example of API.md validates against it, and loads', async (t) => {
    let markdown: string;
    try {
      markdown = await readFile(apiMdPath, 'utf8');
    } catch {
      t.skip(`${apiMdPath.pathname} is not present (the design folder sits next to the repository)`);
      return;
    }
    const example = yamlBlocks(markdown, '## Config file')[0] ?? '';
    assert.ok(example.includes('monitors:'), 'API.md has a config file example');
    const validator = await jsonSchemaValidator(configJsonSchema());
    try {
      assert.equal(await validator.errorsOf(parseYaml(example)), undefined);
    } finally {
      await validator.close();
    }
    const dir = await configDir({
      'collections/checkout.postman_collection.json': sampleCollection(),
      'environments/prod.postman_environment.json': SAMPLE_ENVIRONMENT,
      'pagewatch.yaml': example,
    });
    const { desired } = await loadConfigFileOrThrow(dir.path('pagewatch.yaml'), {
      env: { PAGERDUTY_KEY: SAMPLE_KEY },
    });
    assert.deepEqual(
      [
        desired.monitors.map((monitor) => monitor.name),
        desired.integrations.map((integration) => integration.name),
      ],
      [['Checkout API'], ['Payments on-call']],
    );
  });

  test('the examples of docs/config.md validate against it', async () => {
    const blocks = yamlBlocks(await readFile(new URL('docs/config.md', repoRoot), 'utf8'));
    assert.ok(blocks.length >= 1);
    const validator = await jsonSchemaValidator(configJsonSchema());
    try {
      for (const block of blocks) assert.equal(await validator.errorsOf(parseYaml(block)), undefined, block);
    } finally {
      await validator.close();
    }
  });

  test('it rejects what apply rejects in shape: unknown fields, both every and cron, an unknown type', async () => {
    const validator = await jsonSchemaValidator(configJsonSchema());
    const monitor = { name: 'M', collection: 'c.json', schedule: { every: '1m' } };
    try {
      assert.equal(await validator.errorsOf({ monitors: [monitor] }), undefined);
      assert.match(
        (await validator.errorsOf({ monitors: [{ ...monitor, scheduel: {} }] })) ?? '',
        /additional properties/,
      );
      assert.ok(
        await validator.errorsOf({
          monitors: [{ ...monitor, schedule: { every: '1m', cron: '* * * * *' } }],
        }),
      );
      assert.ok(await validator.errorsOf({ integrations: [{ name: 'I', type: 'pagerdty' }] }));
      assert.ok(
        await validator.errorsOf({ integrations: [{ name: 'I', type: 'webhook' }] }),
        'url is required',
      );
    } finally {
      await validator.close();
    }
  });
});
