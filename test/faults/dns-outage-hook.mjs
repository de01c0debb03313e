/**
 * Preloaded into the `pagewatch serve` processes of the fault suite (`node --import <this file>`): answers every
 * name lookup for hosts under `.pagewatch-faults.invalid` itself, so no DNS query for them ever leaves the
 * machine. While the file named by PAGEWATCH_FAULTS_DNS_DOWN exists, such a lookup fails as getaddrinfo does for a
 * name that does not exist (ENOTFOUND); otherwise it resolves to 127.0.0.1, where the PagerDuty sandbox listens.
 * Every other name goes to the real resolver, untouched.
 *
 * Why a hook and not just a name that does not resolve: `.invalid` is reserved (RFC 6761), but the system resolver
 * (nsswitch `files dns`) still sends the query to the configured name server, which may be off the machine and
 * slow; and the outage must end on cue so the suite can check that nothing was lost.
 */
import dns from 'node:dns';
import { existsSync } from 'node:fs';

export const FAULT_HOST_SUFFIX = '.pagewatch-faults.invalid';
const downFlag = process.env.PAGEWATCH_FAULTS_DNS_DOWN;
const realLookup = dns.lookup;

function hookedLookup(hostname, options, callback) {
  if (typeof hostname !== 'string' || !hostname.toLowerCase().endsWith(FAULT_HOST_SUFFIX)) {
    return realLookup.call(this, hostname, options, callback);
  }
  const done = typeof options === 'function' ? options : callback;
  const settings = typeof options === 'object' && options !== null ? options : {};
  process.nextTick(() => {
    if (downFlag && existsSync(downFlag)) {
      const error = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
      Object.assign(error, { code: 'ENOTFOUND', errno: -3008, syscall: 'getaddrinfo', hostname });
      done(error);
    } else if (settings.all) {
      done(null, [{ address: '127.0.0.1', family: 4 }]);
    } else {
      done(null, '127.0.0.1', 4);
    }
  });
  return {};
}

dns.lookup = hookedLookup;
process.stderr.write(`pagewatch-faults: DNS hook active for *${FAULT_HOST_SUFFIX}\n`);
