import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { describe, test } from 'node:test';
import { compileEgressPolicy } from '../../src/runner/egress/egress-policy.js';
import { guardConnectOptions, type LookupFunction } from '../../src/runner/egress/guarded-connect.js';

/** A resolver that answers every name with these addresses (as DNS or a hostIpMap would). */
function fakeLookup(addresses: LookupAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const first = addresses[0];
    if (options.all) callback(null, addresses);
    else callback(null, first?.address ?? '', first?.family);
  };
}

function resolveThrough(lookup: unknown, all: boolean): Promise<{ error?: Error; address?: unknown }> {
  return new Promise((resolve) =>
    (lookup as LookupFunction)('metadata.example', { all }, (error, address) =>
      resolve(error ? { error } : { address }),
    ),
  );
}

describe('guardConnectOptions: the connect-time check', () => {
  const policy = compileEgressPolicy({ deny: ['169.254.0.0/16', '10.0.0.0/8'] });

  test('an empty policy leaves the options untouched (no cost per connection)', () => {
    const options = { host: '10.0.0.5' };
    assert.deepEqual(guardConnectOptions(options, compileEgressPolicy()), { options });
  });

  test('IP literals are refused without a lookup (IPv4, IPv6, bracketed, IPv4-mapped)', () => {
    for (const host of ['10.0.0.5', '[::ffff:10.0.0.5]', '::ffff:a9fe:a9fe']) {
      const checked = guardConnectOptions({ host }, policy);
      assert.ok('refused' in checked, host);
      assert.match(
        checked.refused.message,
        /^egress policy: (10\.0\.0\.5|169\.254\.169\.254) is not allowed$/,
      );
    }
    assert.ok('options' in guardConnectOptions({ host: '192.0.2.1' }, policy));
  });

  test("a host name gets a lookup that wraps the request's own and refuses a denied answer", async () => {
    const checked = guardConnectOptions(
      { host: 'metadata.example', lookup: fakeLookup([{ address: '169.254.169.254', family: 4 }]) },
      policy,
    );
    assert.ok('options' in checked);
    const single = await resolveThrough(checked.options.lookup, false);
    assert.match(
      single.error?.message ?? '',
      /egress policy: 169\.254\.169\.254 is not allowed \(metadata\.example\)/,
    );
    const all = await resolveThrough(checked.options.lookup, true);
    assert.match(all.error?.message ?? '', /egress policy: 169\.254\.169\.254 is not allowed/);
  });

  test('of several answers only the allowed ones are connected to (no second resolution to race)', async () => {
    const checked = guardConnectOptions(
      {
        host: 'mixed.example',
        lookup: fakeLookup([
          { address: '10.1.2.3', family: 4 },
          { address: '192.0.2.7', family: 4 },
        ]),
      },
      policy,
    );
    assert.ok('options' in checked);
    assert.deepEqual((await resolveThrough(checked.options.lookup, true)).address, [
      { address: '192.0.2.7', family: 4 },
    ]);
  });
});
