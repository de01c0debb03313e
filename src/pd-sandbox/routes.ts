/** Which handler answers which method and path; 404 and 405 for everything else, in JSON like every answer. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  addFault,
  listAlerts,
  listChangeEvents,
  listFaults,
  listReceivedEvents,
  resetSandbox,
  type ControlCall,
} from './control-api-handler.js';
import { handleEventsApiRequest } from './events-api-handler.js';
import { EVENTS_API_PATHS } from './events-api-pipeline.js';
import { sendJson } from './http-io.js';
import type { SandboxContext } from './sandbox-context.js';

type RouteHandler = (call: ControlCall) => void | Promise<void>;

/**
 * The dashboard's sandbox console (another origin: the pagewatch server) reads the inspection API from the browser.
 * Only reads are opened up: GET answers carry `Access-Control-Allow-Origin: *` and a preflight allows GET alone, so
 * no web page can reset the sandbox or queue faults and read the answer. The sandbox holds no credentials.
 */
const INSPECTION_PREFIX = '/sandbox/';
const CORS_PREFLIGHT_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET',
  'access-control-allow-headers': 'accept, content-type',
  'access-control-max-age': '600',
};

function eventsApiRoute(path: keyof typeof EVENTS_API_PATHS): RouteHandler {
  return ({ request, response, context }) =>
    handleEventsApiRequest(EVENTS_API_PATHS[path], request, response, context);
}

const ROUTES: Record<string, Partial<Record<string, RouteHandler>>> = {
  '/v2/enqueue': { POST: eventsApiRoute('/v2/enqueue') },
  '/v2/change/enqueue': { POST: eventsApiRoute('/v2/change/enqueue') },
  '/generic/2010-04-15/create_event.json': { POST: eventsApiRoute('/generic/2010-04-15/create_event.json') },
  '/sandbox/alerts': { GET: listAlerts },
  '/sandbox/events': { GET: listReceivedEvents },
  '/sandbox/change-events': { GET: listChangeEvents },
  '/sandbox/faults': { GET: listFaults, POST: addFault },
  '/sandbox/reset': { POST: resetSandbox },
};

/** Dispatches one request to its handler. */
export async function routeRequest(
  request: IncomingMessage,
  response: ServerResponse,
  context: SandboxContext,
): Promise<void> {
  // The base is only there to parse the path and query; the Host header is never trusted or echoed.
  const url = new URL(request.url ?? '/', 'http://sandbox.invalid');
  const method = request.method ?? 'GET';
  if (url.pathname.startsWith(INSPECTION_PREFIX)) {
    if (method === 'OPTIONS') {
      request.resume();
      response.writeHead(204, CORS_PREFLIGHT_HEADERS);
      response.end();
      return;
    }
    if (method === 'GET') response.setHeader('access-control-allow-origin', '*');
  }
  const methods = ROUTES[url.pathname];
  if (!methods) {
    request.resume();
    return sendJson(response, 404, { status: 'not found', message: `No such endpoint: ${url.pathname}` });
  }
  const handler = methods[method];
  if (!handler) {
    request.resume();
    const allowed = Object.keys(methods).join(', ');
    return sendJson(
      response,
      405,
      {
        status: 'method not allowed',
        message: `${method} is not allowed on ${url.pathname}; use ${allowed}`,
      },
      { allow: allowed },
    );
  }
  await handler({ request, response, url, context });
}
