import { z } from 'zod';
import type { DemoApi } from '../../demo/demo-api.js';
import type { ApiRoutePlugin } from '../api-types.js';

const demoStateSchema = z
  .object({
    demoApiUrl: z.string().describe('The demo shop API the demo monitor checks'),
    broken: z.boolean().describe('Whether the demo shop API answers with errors'),
    sandboxUrl: z.string().describe('The local PagerDuty sandbox the demo integration pages'),
  })
  .meta({ id: 'DemoState' });

const switchedSchema = z.object({ broken: z.boolean() }).meta({ id: 'DemoSwitch' });

/**
 * `/api/v1/demo`: the demo's switch, registered by `pagewatch demo` only (never by `serve`). Breaking the demo
 * shop API makes the demo monitor's next run fail, which opens an incident and pages the sandbox; fixing it
 * resolves both. Reading needs a viewer token, switching an editor token (the auth hook's rules for GET/POST).
 */
export function demoRoutes(deps: {
  demoApi: Pick<DemoApi, 'url' | 'isBroken' | 'setBroken'>;
  sandboxUrl: string;
}): ApiRoutePlugin {
  return async (api) => {
    api.get(
      '/demo',
      {
        schema: {
          tags: ['demo'],
          summary: 'The demo: its shop API, whether it is broken, and the PagerDuty sandbox',
          response: { 200: demoStateSchema },
        },
      },
      async () => ({
        demoApiUrl: deps.demoApi.url,
        broken: deps.demoApi.isBroken(),
        sandboxUrl: deps.sandboxUrl,
      }),
    );

    for (const action of ['break', 'fix'] as const) {
      api.post(
        `/demo/${action}`,
        {
          schema: {
            tags: ['demo'],
            summary:
              action === 'break'
                ? 'Break the demo shop API: it answers 500/503 until fixed'
                : 'Fix the demo shop API: it answers normally again',
            response: { 200: switchedSchema },
          },
        },
        async (request) => {
          deps.demoApi.setBroken(action === 'break');
          request.log.info(
            { broken: deps.demoApi.isBroken() },
            `demo API ${action === 'break' ? 'broken' : 'fixed'}`,
          );
          return { broken: deps.demoApi.isBroken() };
        },
      );
    }
  };
}
