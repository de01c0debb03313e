import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import type { CompiledEgressPolicy } from './egress-policy.js';

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;
/** The `lookup` option of `net.connect`/`tls.connect` (and of postman-runtime's requests: its hostIpMap lookup). */
export type LookupFunction = (hostname: string, options: { all?: boolean }, callback: LookupCallback) => void;

/** A request refused by the egress policy; its message is what the run reports. */
export class EgressRefusedError extends Error {
  readonly code = 'EEGRESSREFUSED';
  constructor(message: string) {
    super(message);
    this.name = 'EgressRefusedError';
  }
}

/**
 * Checks the connect options of one connection against the policy before anything is sent. An IP literal host is
 * checked at once (Node calls no `lookup` for one); a host name gets a `lookup` that wraps the one the request
 * brought (postman-runtime's hostIpMap/localhost lookup, else DNS) and keeps only allowed addresses — so the address
 * checked is the address connected to, with no second resolution to race (DNS rebinding).
 *
 * Returns the refusal, or the options to connect with.
 */
export function guardConnectOptions<
  T extends { host?: string | null; hostname?: string | null; lookup?: unknown },
>(options: T, policy: CompiledEgressPolicy): { refused: EgressRefusedError } | { options: T } {
  if (!policy.restricts) return { options };
  const host = String(options.host ?? options.hostname ?? 'localhost').replace(/^\[(.*)\]$/, '$1');
  if (isIP(host)) {
    const reason = policy.refusal(host);
    return reason ? { refused: new EgressRefusedError(reason) } : { options };
  }
  const inner = (typeof options.lookup === 'function' ? options.lookup : dnsLookup) as LookupFunction;
  return { options: { ...options, lookup: guardedLookup(inner, policy) } };
}

function guardedLookup(inner: LookupFunction, policy: CompiledEgressPolicy): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    inner(hostname, lookupOptions, (error, address, family) => {
      if (error) return callback(error, address, family);
      if (Array.isArray(address)) {
        const allowed = address.filter((entry) => !policy.refusal(entry.address));
        const first = address[0];
        if (allowed.length || !first) return callback(null, allowed, family);
        return callback(refusal(hostname, policy.refusal(first.address)), [], family);
      }
      const reason = policy.refusal(address);
      return reason ? callback(refusal(hostname, reason), '', family) : callback(null, address, family);
    });
  };
}

function refusal(hostname: string, reason: string | undefined): EgressRefusedError {
  return new EgressRefusedError(`${reason ?? 'egress policy: not allowed'} (${hostname})`);
}
