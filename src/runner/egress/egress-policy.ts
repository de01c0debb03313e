import { BlockList, isIP } from 'node:net';

/**
 * Which networks monitor requests may connect to, as CIDRs (`10.0.0.0/8`, `fd00::/8`) or single addresses
 * (`169.254.169.254`, `::1`), IPv4 or IPv6. Checked against the address a connection is actually made to — after
 * DNS, for IP literals and for every redirect hop alike — never against the host name.
 *
 * A connection is refused when its address matches `deny`, or when `allow` is given and it matches none of `allow`
 * (deny wins over allow). Default: no lists, everything allowed (a self-hosted pagewatch monitors its own network).
 */
export interface EgressPolicy {
  /** Only these networks may be reached. Default: every network (no allow list). */
  allow?: string[];
  /** These networks may never be reached, even when `allow` matches. Default: none. */
  deny?: string[];
}

/** A policy ready to check addresses. */
export interface CompiledEgressPolicy {
  /** Why `address` must not be connected to, or undefined when it may. */
  refusal(address: string): string | undefined;
  /** Whether the policy restricts anything (an empty policy costs nothing per connection). */
  readonly restricts: boolean;
}

/**
 * The problems of a policy, one message per bad entry naming its list and index (`deny[2]: "10.0.0.0/33" is not
 * an IP address or CIDR`); empty when it is valid. Pure, for config validation.
 */
export function checkEgressPolicy(policy: EgressPolicy): string[] {
  const problems: string[] = [];
  for (const list of ['allow', 'deny'] as const) {
    (policy[list] ?? []).forEach((entry, index) => {
      if (!parseNetwork(entry)) problems.push(`${list}[${index}]: "${entry}" is not an IP address or CIDR`);
    });
  }
  return problems;
}

/** Compiles a policy; throws a RangeError listing every bad entry. */
export function compileEgressPolicy(policy: EgressPolicy = {}): CompiledEgressPolicy {
  const problems = checkEgressPolicy(policy);
  if (problems.length) throw new RangeError(`egress policy: ${problems.join('; ')}`);
  const allow = policy.allow?.length ? toBlockList(policy.allow) : undefined;
  const deny = policy.deny?.length ? toBlockList(policy.deny) : undefined;
  return {
    restricts: Boolean(allow || deny),
    refusal(address) {
      const normalized = normalizeAddress(address);
      const family = isIP(normalized);
      if (!family) return `egress policy: ${address} is not an IP address`;
      const type = family === 4 ? 'ipv4' : 'ipv6';
      if (deny?.check(normalized, type) || (allow && !allow.check(normalized, type))) {
        return `egress policy: ${normalized} is not allowed`;
      }
      return undefined;
    },
  };
}

/**
 * The address as the policy sees it: brackets and zone ids dropped, and an IPv4-mapped IPv6 address
 * (`::ffff:10.0.0.5`, `::ffff:a00:5`) turned into its IPv4 address, so a deny of `10.0.0.0/8` cannot be
 * sidestepped by writing the IPv6 form.
 */
export function normalizeAddress(address: string): string {
  const value = address
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/%.*$/, '');
  if (isIP(value) !== 6) return value;
  // The WHATWG URL parser writes every IPv6 form in one canonical, compressed, lower-case spelling.
  const canonical = new URL(`http://[${value}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (!mapped?.[1] || !mapped[2]) return canonical;
  const high = parseInt(mapped[1], 16);
  const low = parseInt(mapped[2], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

interface Network {
  address: string;
  prefix: number | undefined;
  type: 'ipv4' | 'ipv6';
}

function parseNetwork(entry: string): Network | undefined {
  const [rawAddress, rawPrefix, ...rest] = entry.trim().split('/');
  if (rest.length || rawAddress === undefined) return undefined;
  const address = normalizeAddress(rawAddress);
  const family = isIP(address);
  if (!family) return undefined;
  const max = family === 4 ? 32 : 128;
  // An IPv4-mapped CIDR (::ffff:10.0.0.0/104) becomes the IPv4 one (10.0.0.0/8).
  const mappedShift = family === 4 && isIP(rawAddress.replace(/^\[(.*)\]$/, '$1')) === 6 ? 96 : 0;
  let prefix: number | undefined;
  if (rawPrefix !== undefined) {
    if (!/^\d{1,3}$/.test(rawPrefix)) return undefined;
    prefix = Number(rawPrefix) - mappedShift;
    if (prefix < 0 || prefix > max) return undefined;
  }
  return { address, prefix, type: family === 4 ? 'ipv4' : 'ipv6' };
}

function toBlockList(entries: string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const network = parseNetwork(entry);
    if (!network) continue;
    if (network.prefix === undefined) list.addAddress(network.address, network.type);
    else list.addSubnet(network.address, network.prefix, network.type);
  }
  return list;
}
