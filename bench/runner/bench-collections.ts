/** The collections the runner bench measures. */

/** One GET to `url` with two `pm.test`s: the "one-request collection with two pm.tests". */
export function oneRequestCollection(url: string): Record<string, unknown> {
  return {
    info: { name: 'bench: one request, two tests' },
    item: [
      {
        name: 'health',
        request: url,
        event: [
          {
            listen: 'test',
            script: {
              exec: [
                'pm.test("status 200", () => pm.response.to.have.status(200));',
                'pm.test("ok", () => pm.expect(pm.response.json().status).to.equal("ok"));',
              ],
            },
          },
        ],
      },
    ],
  };
}
