import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  checkEgressPolicy,
  compileEgressPolicy,
  normalizeAddress,
} from '../../src/runner/egress/egress-policy.js';

describe('egress policy (pure)', () => {
  test('no lists: everything is allowed and nothing is checked', () => {
    const policy = compileEgressPolicy();
    assert.equal(policy.restricts, false);
    for (const address of ['10.0.0.5', '127.0.0.1', '::1', '169.254.169.254']) {
      assert.equal(policy.refusal(address), undefined, address);
    }
  });

  const deny = compileEgressPolicy({ deny: ['10.0.0.0/8', '169.254.169.254', '::1', 'fd00::/8'] });
  const cases: [string, string | undefined][] = [
    ['10.0.0.5', 'egress policy: 10.0.0.5 is not allowed'],
    ['10.255.255.255', 'egress policy: 10.255.255.255 is not allowed'],
    ['11.0.0.1', undefined],
    ['169.254.169.254', 'egress policy: 169.254.169.254 is not allowed'],
    ['169.254.169.253', undefined],
    ['::1', 'egress policy: ::1 is not allowed'],
    ['[::1]', 'egress policy: ::1 is not allowed'],
    ['0:0:0:0:0:0:0:1', 'egress policy: ::1 is not allowed'],
    ['fd12:3456::1', 'egress policy: fd12:3456::1 is not allowed'],
    // IPv4-mapped IPv6 forms of a denied IPv4 address are the same address.
    ['::ffff:10.0.0.5', 'egress policy: 10.0.0.5 is not allowed'],
    ['::ffff:a00:5', 'egress policy: 10.0.0.5 is not allowed'],
    ['0:0:0:0:0:ffff:0a00:0005', 'egress policy: 10.0.0.5 is not allowed'],
    ['not-an-ip', 'egress policy: not-an-ip is not an IP address'],
  ];
  for (const [address, expected] of cases) {
    test(`deny list: ${address} → ${expected ?? 'allowed'}`, () =>
      assert.equal(deny.refusal(address), expected));
  }

  test('allow list: only its networks; deny wins over allow', () => {
    const policy = compileEgressPolicy({
      allow: ['127.0.0.0/8', '::1/128', '203.0.113.0/24'],
      deny: ['127.0.0.2'],
    });
    assert.equal(policy.refusal('127.0.0.1'), undefined);
    assert.equal(policy.refusal('::ffff:127.0.0.1'), undefined);
    assert.equal(policy.refusal('::1'), undefined);
    assert.equal(policy.refusal('203.0.113.9'), undefined);
    assert.equal(policy.refusal('127.0.0.2'), 'egress policy: 127.0.0.2 is not allowed');
    assert.equal(policy.refusal('10.1.1.1'), 'egress policy: 10.1.1.1 is not allowed');
    assert.equal(policy.refusal('2001:db8::1'), 'egress policy: 2001:db8::1 is not allowed');
  });

  test('an IPv4-mapped CIDR means the IPv4 network', () => {
    const policy = compileEgressPolicy({ deny: ['::ffff:192.168.0.0/112'] });
    assert.equal(policy.refusal('192.168.7.7'), 'egress policy: 192.168.7.7 is not allowed');
    assert.equal(policy.refusal('192.169.0.1'), undefined);
  });

  test('bad entries are all named with their list and index', () => {
    assert.deepEqual(
      checkEgressPolicy({
        allow: ['10.0.0.0/8', '1.2.3.4/33', 'example.com'],
        deny: ['::/129', '1.2.3.4/8/1'],
      }),
      [
        'allow[1]: "1.2.3.4/33" is not an IP address or CIDR',
        'allow[2]: "example.com" is not an IP address or CIDR',
        'deny[0]: "::/129" is not an IP address or CIDR',
        'deny[1]: "1.2.3.4/8/1" is not an IP address or CIDR',
      ],
    );
    assert.throws(() => compileEgressPolicy({ deny: ['nope'] }), /egress policy: deny\[0\]: "nope"/);
  });

  test('normalizeAddress', () => {
    assert.equal(normalizeAddress('[::FFFF:7f00:1]'), '127.0.0.1');
    assert.equal(normalizeAddress('fe80::1%eth0'), 'fe80::1');
    assert.equal(normalizeAddress('2001:DB8:0:0::1'), '2001:db8::1');
    assert.equal(normalizeAddress('192.0.2.1'), '192.0.2.1');
  });
});

test('a pool with a bad policy refuses to start, naming the entry', async () => {
  const { ProcessRunnerPool } = await import('../../src/runner/isolation/index.js');
  assert.throws(
    () => new ProcessRunnerPool({ egress: { policy: { allow: ['10.0.0.0/8', '10.0.0.0/40'] } } }),
    /egress policy: allow\[1\]: "10\.0\.0\.0\/40" is not an IP address or CIDR/,
  );
});
