import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requiredRole, roleAllows } from '../../src/auth/roles.js';
import { generateToken, hashToken, parseBearer } from '../../src/auth/token-secret.js';

test('required role by method and route pattern', () => {
  const cases: [string, string, string | undefined, string][] = [
    ['GET', '/api/v1/monitors', undefined, 'viewer'],
    ['HEAD', '/api/v1/monitors/:id', undefined, 'viewer'],
    ['POST', '/api/v1/monitors', undefined, 'editor'],
    ['PATCH', '/api/v1/integrations/:id', undefined, 'editor'],
    ['DELETE', '/api/v1/monitors/:id', undefined, 'editor'],
    ['POST', '/api/v1/incidents/:id/acknowledge', undefined, 'editor'],
    ['GET', '/api/v1/tokens', undefined, 'admin'],
    ['DELETE', '/api/v1/tokens/:id', undefined, 'admin'],
    ['GET', '/api/v1/tokensmith', undefined, 'viewer'],
    ['GET', '/api/v1/settings', 'admin', 'admin'],
    ['POST', '/api/v1/tokens', 'viewer', 'admin'],
  ];
  for (const [method, path, minimum, expected] of cases) {
    assert.equal(requiredRole(method, path, minimum as never), expected, `${method} ${path}`);
  }
  assert.ok(roleAllows('admin', 'editor'));
  assert.ok(roleAllows('editor', 'editor'));
  assert.ok(!roleAllows('viewer', 'editor'));
});

test('tokens: pw_ + 32 base62, distinct; hash is SHA-256 hex; bearer parsing', () => {
  const tokens = new Set(Array.from({ length: 200 }, generateToken));
  assert.equal(tokens.size, 200);
  for (const token of tokens) assert.match(token, /^pw_[0-9A-Za-z]{32}$/);
  assert.equal(hashToken('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(parseBearer('Bearer pw_abc'), 'pw_abc');
  assert.equal(parseBearer('bearer   pw_abc '), 'pw_abc');
  assert.equal(parseBearer('Basic abc'), undefined);
  assert.equal(parseBearer('Bearer'), undefined);
  assert.equal(parseBearer(`Bearer ${'x'.repeat(600)}`), undefined);
  assert.equal(parseBearer(undefined), undefined);
});
