import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { collectionOf } from '../helpers/collections.js';

/** A temporary directory holding a pagewatch.yaml and the files it names. */
export interface ConfigDir {
  dir: string;
  /** The absolute path of a file in the directory. */
  path(name: string): string;
  /** Writes a file (objects as JSON); returns its absolute path. */
  write(name: string, content: string | object): Promise<string>;
}

export async function configDir(files: Record<string, string | object> = {}): Promise<ConfigDir> {
  const dir = await mkdtemp(join(tmpdir(), 'pagewatch-config-'));
  const configDir: ConfigDir = {
    dir,
    path: (name) => join(dir, name),
    async write(name, content) {
      const path = join(dir, name);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
      return path;
    },
  };
  for (const [name, content] of Object.entries(files)) await configDir.write(name, content);
  return configDir;
}

/**
 * A collection that is never meant to run during a test (its monitors run every 24h); the URL is a closed port.
 */
export function sampleCollection(name = 'Checkout API'): Record<string, unknown> {
  return collectionOf(name, [{ name: 'Get cart', url: 'http://127.0.0.1:9/cart' }]);
}

export const SAMPLE_ENVIRONMENT = {
  name: 'prod',
  values: [{ key: 'baseUrl', value: 'http://127.0.0.1:9', enabled: true }],
};

/** A valid 32-character PagerDuty integration key (never sent anywhere: eventsUrl points at a closed port). */
export const SAMPLE_KEY = 'abcdefabcdefabcdefabcdefabcd1a2b';
export const OTHER_KEY = 'ffffffffffffffffffffffffffff9z9z';
