import { checkCollection } from './check-collection.js';
import { toVariableScopeJson, type VariableScopeJson } from './load-variables.js';
import { parseIterationData, type IterationData } from './parse-iteration-data.js';
import { parseJsonText, readInputText, readJsonFile } from './read-input-file.js';

/** Everything a run needs besides options, already parsed and checked. */
export interface RunInput {
  /** Postman Collection v2.0/v2.1 JSON. */
  collection: Record<string, unknown>;
  environment?: VariableScopeJson;
  globals?: VariableScopeJson;
  iterationData?: IterationData;
}

/** Paths of the files of a run, as given on the command line. */
export interface RunInputFiles {
  collection: string;
  environment?: string;
  globals?: string;
  iterationData?: string;
}

/**
 * Reads and checks the files of a run. Throws a PagewatchError naming the file (and JSON path) of the first
 * problem; returns warnings for things that will run but look wrong.
 */
export async function loadRunInput(files: RunInputFiles): Promise<{ input: RunInput; warnings: string[] }> {
  const collection = parseJsonText(
    await readInputText(files.collection, 'collection'),
    files.collection,
    'collection',
  );
  const { warnings } = checkCollection(collection, files.collection);
  const input: RunInput = { collection: collection as Record<string, unknown> };
  if (files.environment) {
    const json = await readJsonFile(files.environment, 'environment');
    input.environment = toVariableScopeJson(json, files.environment, 'environment');
  }
  if (files.globals) {
    input.globals = toVariableScopeJson(
      await readJsonFile(files.globals, 'globals'),
      files.globals,
      'globals',
    );
  }
  if (files.iterationData) {
    const text = await readInputText(files.iterationData, 'iteration data');
    input.iterationData = parseIterationData(text, files.iterationData);
  }
  return { input, warnings };
}
