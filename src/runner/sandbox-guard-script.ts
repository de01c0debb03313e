/**
 * The code that makes a long-lived postman-sandbox context safe to share between runs. It runs inside the sandbox
 * (plain ES5 in a string) as the context's very first execution, before any collection script could have touched the
 * realm, so everything it captures is pristine:
 *
 * 1. It removes the few realm APIs that schedule work which can outlive the script that started it
 *    (`Atomics.waitAsync`, `AbortSignal.timeout`, `crypto.subtle`, `CompressionStream`, `DecompressionStream`, the async
 *    `Blob` readers). postman-sandbox already clears the script's own timers when it ends; these would not be cleared,
 *    so a script could change the realm after a later check said it was clean.
 * 2. It snapshots the objects a script reaches directly: the global object, the built-ins and their prototype
 *    chains, the exports of every module the bundle lets a script `require` (lodash, chai, postman-collection, …),
 *    the `pm` API and what its methods hand out — recording, per object, its prototype, extensibility and every own
 *    property's descriptor (value identity, getter/setter identity, flags). Objects only the first boot execution
 *    reaches (its own `pm` instance and the like) are dropped by a second boot execution. Plain functions (methods,
 *    and functions whose `prototype` holds only `constructor`) are not snapshotted themselves: the object holding
 *    them is, so replacing one is caught. This keeps a check at ≈ 700 objects.
 * 3. It defines a guard function as a non-writable, non-configurable global under a random name. Called with a
 *    nonce, the guard compares the realm with the snapshot using only references captured at boot (so a script cannot
 *    fool it by replacing `Object.keys` or `Reflect`), resets the legacy `RegExp.$1…` statics, and either returns
 *    `<secret>:<nonce>` (clean) or throws (tainted).
 *
 * Before a context that ran one run's script is lent to another run, the host asks it to run the guard (over the uvm
 * bridge, {@link GUARD_LISTENER_BOOT_CODE}): if the realm is tainted, the guard throws, no token comes back, and the
 * host throws the context away. Only the host knows the secret, and the guard only returns it when nothing a script
 * left behind can be running, so the token cannot be forged.
 */

/** The boot execution: snapshot the realm and install the guard. `name` and `secret` are random per context. */
export function guardBootScript(name: string, secret: string): string {
  return `(function (NAME, SECRET) {
  var R = Reflect, ownKeys = R.ownKeys, getDesc = R.getOwnPropertyDescriptor, getProto = R.getPrototypeOf,
    isExt = R.isExtensible, apply = R.apply, define = R.defineProperty, is = Object.is,
    isView = ArrayBuffer.isView, isArray = Array.isArray, regexpExec = RegExp.prototype.exec, resetPattern = /(?:)/;
  var realm = Function('return this')();
  var MODULES = ${JSON.stringify(NAMED_MODULES)};
  var remove = function (object, key) { try { if (object) delete object[key]; } catch (e) {} };
  remove(typeof Atomics !== 'undefined' ? Atomics : null, 'waitAsync');
  remove(typeof AbortSignal !== 'undefined' ? AbortSignal : null, 'timeout');
  remove(typeof Crypto !== 'undefined' ? Crypto.prototype : null, 'subtle');
  remove(realm, 'SubtleCrypto');
  remove(realm, 'CompressionStream');
  remove(realm, 'DecompressionStream');
  var blobs = [typeof Blob !== 'undefined' ? Blob : null, typeof File !== 'undefined' ? File : null];
  for (var b = 0; b < blobs.length; b++) {
    for (var p = blobs[b] && blobs[b].prototype; p && p !== Object.prototype; p = getProto(p)) {
      remove(p, 'arrayBuffer'); remove(p, 'text'); remove(p, 'stream'); remove(p, 'bytes');
    }
  }

  // Node defines some web globals as lazy getters that replace themselves on first use: settle them first.
  for (var pass = 0; pass < 2; pass++) {
    var globalKeys = ownKeys(realm);
    for (var g = 0; g < globalKeys.length; g++) { try { void realm[globalKeys[g]]; } catch (e) {} }
  }
  var TAINTED = 'pagewatch: sandbox tainted', DATA = 1, ACCESSOR = 2, VOLATILE = 3, FIXED = 4;
  var count = 0, objects = [], protos = [], extensible = [], keyLists = [], descriptors = [];
  var firstWalk = null, finalized = false;

  var guard = function (nonce, sharedRoots) {
    if (!finalized) {
      // Second trusted boot execution: keep only what both boot executions reach (shared), not their own objects.
      snapshot(walk(sharedRoots), firstWalk);
      firstWalk = null;
      finalized = true;
    }
    apply(regexpExec, resetPattern, ['']);
    for (var i = 0; i < count; i++) {
      var object = objects[i];
      if (getProto(object) !== protos[i] || isExt(object) !== extensible[i]) throw TAINTED;
      var expected = keyLists[i];
      if (expected === null) continue;
      var keys = ownKeys(object);
      if (keys.length !== expected.length) throw TAINTED;
      var list = descriptors[i];
      for (var k = 0, at = 0; k < keys.length; k++, at += 5) {
        if (keys[k] !== expected[k]) throw TAINTED;
        var kind = list[at];
        // A non-configurable, non-writable property cannot change (a language invariant): no descriptor to read.
        if (kind === FIXED) continue;
        var d = getDesc(object, keys[k]);
        var same = kind === DATA
          ? is(d.value, list[at + 1]) && d.writable === list[at + 2]
          : kind === ACCESSOR
            ? d.get === list[at + 1] && d.set === list[at + 2]
            : d.writable === list[at + 2];
        if (!same || d.enumerable !== list[at + 3] || d.configurable !== list[at + 4]) throw TAINTED;
      }
    }
    return SECRET + ':' + nonce;
  };
  // Defined before the walks, so the snapshot includes it.
  define(realm, NAME, { value: guard, writable: false, configurable: false, enumerable: false });

  // A plain function holds no state worth checking: own keys no more than length/name (and a sloppy function's
  // arguments/caller), plus an untouched \`prototype\` (only \`constructor\`) when it was never given methods.
  var isPlainFunction = function (fn) {
    var keys = ownKeys(fn);
    for (var k = 0; k < keys.length; k++) {
      var key = keys[k];
      if (key === 'prototype') {
        var prototype = getDesc(fn, 'prototype').value;
        if (!prototype || getProto(prototype) !== Object.prototype) return false;
        var protoKeys = ownKeys(prototype);
        if (protoKeys.length !== 1 || protoKeys[0] !== 'constructor') return false;
      } else if (key !== 'length' && key !== 'name' && key !== 'arguments' && key !== 'caller') return false;
    }
    return true;
  };
  var isOpaque = function (object) { return isView(object) || (isArray(object) && object !== Array.prototype); };

  // Everything reachable from the realm, the bundled modules' exports and this execution's own API objects
  // (pm, what pm.expect / pm.response.to hand out), through own properties, accessors and prototypes.
  var walk = function (executionRoots) {
    var seen = new Map(), shallow = new Map(), list = [];
    var add = function (value) {
      if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return;
      if (seen.has(value)) return;
      // A plain method (nothing but length/name) holds no state: the object it hangs on is checked.
      if (typeof value === 'function' && isPlainFunction(value)) return;
      seen.set(value, true);
      list.push(value);
    };
    add(Object.prototype); add(Function.prototype); add(Array.prototype); add(realm);
    for (var r = 0; r < executionRoots.length; r++) add(executionRoots[r]);
    if (typeof require === 'function') {
      // Module exports are checked (own properties, prototype chain) but not walked: walking every bundled library
      // would make each check cost tens of milliseconds.
      for (var n = 0; n < MODULES.length; n++) {
        try { var exported = require(MODULES[n]); shallow.set(exported, true); add(exported); } catch (e) {}
      }
    }
    for (var i = 0; i < list.length; i++) {
      var object = list[i];
      add(getProto(object));
      if (isOpaque(object) || shallow.has(object)) continue;
      var keys = ownKeys(object);
      for (var k = 0; k < keys.length; k++) {
        var d = getDesc(object, keys[k]);
        if ('value' in d) add(d.value); else { add(d.get); add(d.set); }
      }
    }
    return { list: list, seen: seen };
  };

  var snapshot = function (second, first) {
    for (var i = 0; i < second.list.length; i++) {
      var object = second.list[i];
      if (!first.seen.has(object)) continue;
      objects.push(object);
      protos.push(getProto(object));
      extensible.push(isExt(object));
      if (isOpaque(object)) { keyLists.push(null); descriptors.push(null); continue; }
      var keys = ownKeys(object), list = [], fixed = 0;
      for (var k = 0; k < keys.length; k++) {
        var d = getDesc(object, keys[k]);
        if (!d.configurable && (!('value' in d) || !d.writable)) {
          list.push(FIXED, null, null, null, null);
          fixed++;
        } else if (!('value' in d)) list.push(ACCESSOR, d.get, d.set, d.enumerable, d.configurable);
        else if (typeof object === 'function' && (keys[k] === 'arguments' || keys[k] === 'caller')) {
          // A sloppy function's own arguments/caller show the current call, not state.
          list.push(VOLATILE, null, d.writable, d.enumerable, d.configurable);
        } else list.push(DATA, d.value, d.writable, d.enumerable, d.configurable);
      }
      if (fixed === keys.length && !isExt(object)) {
        // Frozen: neither its prototype nor any property can change. Nothing to check.
        objects.pop(); protos.pop(); extensible.pop();
        continue;
      }
      keyLists.push(keys);
      descriptors.push(list);
    }
    count = objects.length;
  };

  firstWalk = walk(${EXECUTION_ROOTS}());
  console.log(SECRET + ':boot');
})(${JSON.stringify(name)}, ${JSON.stringify(secret)});`;
}

/**
 * The API objects of the execution running the script: both boot executions pass theirs to the guard, which keeps
 * only objects both reach (shared ones), so per-execution objects are not snapshotted.
 */
const EXECUTION_ROOTS = `(function () {
  var roots = [typeof pm !== 'undefined' ? pm : null, typeof Buffer !== 'undefined' ? Buffer : null,
    typeof File !== 'undefined' ? File : null, typeof _ !== 'undefined' ? _ : null];
  var attempts = [function () { return pm.expect(1); }, function () { return pm.response.to; },
    function () { return pm.request.url; }, function () { return pm.cookies.jar(); }];
  for (var a = 0; a < attempts.length; a++) { try { roots.push(attempts[a]()); } catch (e) {} }
  return roots;
})`;

/** The second boot execution: the guard snapshots what this and the first boot execution both reach. */
export function guardFinalizeScript(name: string, nonce: string): string {
  return `console.log(${name}(${JSON.stringify(nonce)}, ${EXECUTION_ROOTS}()));`;
}

/** The event the host dispatches to a context to run its guard, and the one the context answers with. */
export const GUARD_CHECK_EVENT = 'pagewatch.guard.check';
export const GUARD_CHECKED_EVENT = 'pagewatch.guard.checked';

/**
 * Code put in front of postman-sandbox's boot code, so it runs in the context before anything else: it answers
 * {@link GUARD_CHECK_EVENT} `(name, nonce)` on the uvm bridge with {@link GUARD_CHECKED_EVENT} `(nonce, token)`,
 * where `token` is what the guard called `name` returns (null when it throws or is not installed yet). This lets the
 * host check a context between runs with one small message instead of a whole script execution (which builds the
 * `pm` API and carries a request context both ways). It holds no secret: the guard (installed later by the first
 * boot execution, a non-writable global) does. The bridge is not reachable from scripts (postman-sandbox deletes
 * the global before any script runs).
 */
export const GUARD_LISTENER_BOOT_CODE = `;(function (bridge, realm) {
  if (!bridge || typeof bridge.on !== 'function') return;
  bridge.on(${JSON.stringify(GUARD_CHECK_EVENT)}, function (name, nonce) {
    var token = null;
    try {
      var guard = realm[name];
      token = typeof guard === 'function' ? guard(nonce) : null;
    } catch (e) {
      token = null;
    }
    bridge.dispatch(${JSON.stringify(GUARD_CHECKED_EVENT)}, nonce, token);
  });
})(typeof bridge !== 'undefined' ? bridge : undefined, this);
`;

/** The named modules of postman-sandbox 6.7's bundle (`.cache/bootcode.js`) a script can `require`. */
const NAMED_MODULES = [
  'ajv',
  'assert',
  'atob',
  'backbone',
  'btoa',
  'buffer',
  'chai',
  'cheerio',
  'crypto-js',
  'csv-parse/lib/sync',
  'events',
  'json',
  'lodash',
  'moment',
  'os',
  'path',
  'postman-collection',
  'punycode',
  'querystring',
  'stream',
  'string_decoder',
  'timers',
  'tv4',
  'url',
  'util',
  'uuid',
  'xml2js',
];
