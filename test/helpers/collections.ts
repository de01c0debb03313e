/** Builders of small Postman v2.1 collections for tests (written to JSON files where a test needs a file). */
export interface RequestSpec {
  name: string;
  url: string;
  method?: string;
  tests?: string[];
  prerequest?: string[];
}

export const V21_SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';

export function collectionOf(name: string, requests: RequestSpec[]): Record<string, unknown> {
  return {
    info: { _postman_id: `test-${name.toLowerCase().replace(/\W+/g, '-')}`, name, schema: V21_SCHEMA },
    item: requests.map((spec) => ({
      name: spec.name,
      request: { method: spec.method ?? 'GET', url: spec.url },
      event: [
        ...(spec.prerequest
          ? [{ listen: 'prerequest', script: { type: 'text/javascript', exec: spec.prerequest } }]
          : []),
        ...(spec.tests ? [{ listen: 'test', script: { type: 'text/javascript', exec: spec.tests } }] : []),
      ],
    })),
  };
}

/** The health check the PagerDuty lifecycle tests use: passes while the target is healthy. */
export function healthCollection(baseUrl: string): Record<string, unknown> {
  return collectionOf('Health API', [
    {
      name: 'Get health',
      url: `${baseUrl}/health`,
      tests: [
        'pm.test("status is 200", () => pm.response.to.have.status(200));',
        'pm.test("reports ok", () => pm.expect(pm.response.json().status).to.equal("ok"));',
      ],
    },
  ]);
}
