import { dirname, resolve } from 'node:path';
import type { ErrorDetail } from '../errors/catalog.js';
import { PagewatchError } from '../errors/pagewatch-error.js';
import { checkCollection } from '../runner/check-collection.js';
import { toVariableScopeJson } from '../runner/load-variables.js';
import { parseIterationData } from '../runner/parse-iteration-data.js';
import { parseJsonText, readInputText } from '../runner/read-input-file.js';
import type { Diagnostic } from './diagnostics.js';
import type { YamlSource } from './yaml-source.js';

type JsonObject = Record<string, unknown>;

/** The files one monitor entry names, read and checked; a field is absent when its file had a problem. */
export interface LoadedMonitorFiles {
  collection?: JsonObject;
  environment?: JsonObject;
  iterationData?: JsonObject[];
}

/**
 * Reads the collection, environment and iteration data of `monitors[index]` (paths relative to the YAML file)
 * and checks them with the runner's own checks (checkCollection, toVariableScopeJson, parseIterationData). Each
 * problem becomes a diagnostic at the YAML line that names the file, saying the file and the JSON path (or line)
 * in it: `pagewatch.yaml:4:17 monitors[0].collection: ./checkout.json at item[2]: an item needs …`.
 */
export async function loadMonitorFiles(
  source: YamlSource,
  index: number,
  entry: Record<string, unknown>,
  report: { diagnostics: Diagnostic[]; warnings: Diagnostic[] },
): Promise<LoadedMonitorFiles> {
  const baseDir = dirname(resolve(source.file));
  const loaded: LoadedMonitorFiles = {};
  const attempt = async <T>(field: string, load: (path: string, shown: string) => Promise<T>) => {
    const shown = entry[field];
    if (typeof shown !== 'string' || shown.trim() === '') return undefined; // the schema reports it
    try {
      return await load(resolve(baseDir, shown.trim()), shown.trim());
    } catch (error) {
      if (!(error instanceof PagewatchError)) throw error;
      for (const message of describeFileProblem(error, shown.trim())) {
        report.diagnostics.push(source.diagnostic(['monitors', index, field], message));
      }
      return undefined;
    }
  };

  loaded.collection = await attempt('collection', async (path, shown) => {
    const json = parseJsonText(await readInputText(path, 'collection'), shown, 'collection');
    const { warnings } = checkCollection(json, shown);
    for (const warning of warnings) {
      report.warnings.push(source.diagnostic(['monitors', index, 'collection'], warning));
    }
    return json as JsonObject;
  });
  loaded.environment = await attempt('environment', async (path, shown) => {
    const json = parseJsonText(await readInputText(path, 'environment'), shown, 'environment');
    toVariableScopeJson(json, shown, 'environment');
    return json as JsonObject;
  });
  loaded.iterationData = await attempt('iterationData', async (path, shown) =>
    parseIterationData(await readInputText(path, 'iteration data'), shown),
  );
  return Object.fromEntries(Object.entries(loaded).filter(([, value]) => value !== undefined));
}

/** One message per detail of a runner error: `<file>[:line][ at <json path>]: <problem>`. */
function describeFileProblem(error: PagewatchError, shown: string): string[] {
  if (error.code === 'PW_ERR_COLLECTION_V1') return [error.message];
  if (error.code === 'PW_ERR_FILE_NOT_FOUND') {
    // The detail's file is the resolved path: say where it was looked for (paths are relative to the YAML file).
    return error.details.map((detail) => `${shown}: ${detail.message} (looked for ${detail.file ?? shown})`);
  }
  const lead = LEADS[error.code] ?? '';
  const details: ErrorDetail[] = error.details.length ? error.details : [{ message: error.message }];
  return details.map((detail) => {
    const line = detail.line ? `:${detail.line}` : '';
    const at = detail.path && detail.path !== '$' ? ` at ${detail.path}` : '';
    return `${shown}${line}${at}: ${lead}${detail.message}`;
  });
}

const LEADS: Partial<Record<PagewatchError['code'], string>> = {
  PW_ERR_FILE_NOT_JSON: 'not valid JSON: ',
  PW_ERR_NOT_A_COLLECTION: 'not a Postman collection: ',
};
