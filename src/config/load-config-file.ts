import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { firstPathDeeperThan, MAX_JSON_DEPTH } from '../api/validation.js';
import { PagewatchError } from '../errors/pagewatch-error.js';
import { integrationInputSchema } from '../integrations/integration-input-schema.js';
import { monitorInputSchema } from '../monitors/monitor-input-schema.js';
import { parseSchedule } from '../monitors/schedule.js';
import { decodeText } from '../runner/read-input-file.js';
import { formatZodPath } from '../util/format-zod-path.js';
import {
  configFileSchema,
  type ConfigFile,
  type IntegrationEntry,
  type MonitorEntry,
} from './config-file-schema.js';
import type { DesiredIntegration, DesiredMonitor, DesiredState } from './desired-state.js';
import { ConfigFileError, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { interpolateEnvironment } from './interpolate-env.js';
import { loadMonitorFiles, type LoadedMonitorFiles } from './load-referenced-files.js';
import { schemaDiagnostics, valueAt } from './schema-diagnostics.js';
import {
  formatSourcePath,
  parseYamlSource,
  toData,
  type SourcePath,
  type YamlSource,
} from './yaml-source.js';

/** What reading a config file found: the desired state when there was no problem, else the problems. */
export interface LoadedConfig {
  desired?: DesiredState;
  /** Problems; when there is any, `desired` is undefined and nothing may be applied. */
  diagnostics: Diagnostic[];
  /** Things that work but look wrong (e.g. an unknown collection schema URL). */
  warnings: Diagnostic[];
}

export interface LoadConfigOptions {
  /** Where `${VAR}` is read from. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Reads `pagewatch.yaml` and everything it names, and checks all of it, offline: YAML syntax, `${VAR}`s, the
 * schema (unknown fields with a did-you-mean, missing and mistyped fields), duplicate names, schedules, and the
 * collection/environment/iteration data files. Every problem is collected, each at its file:line:column.
 *
 * @throws PagewatchError `PW_ERR_FILE_NOT_FOUND` when the YAML file itself cannot be read.
 */
export async function loadConfigFile(file: string, options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  let text: string;
  try {
    text = decodeText(await readFile(file));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : String(error);
    throw new PagewatchError('PW_ERR_FILE_NOT_FOUND', `The config file ${file} ${reason}.`, [
      { file, message: reason },
    ]);
  }
  const source = parseYamlSource(text, file);
  if (source.syntaxDiagnostics.length) return { diagnostics: source.syntaxDiagnostics, warnings: [] };

  const interpolation = interpolateEnvironment(source, options.env ?? process.env);
  const built = toData(source);
  if ('diagnostic' in built) return { diagnostics: [built.diagnostic], warnings: [] };
  const data = built.data;
  const parsed = configFileSchema.safeParse(data);
  const reported = new Set(interpolation.failedPaths);
  const diagnostics: Diagnostic[] = [...interpolation.diagnostics];
  const add = (found: Diagnostic[]): void => {
    for (const diagnostic of found) {
      if (covered(reported, diagnostic.path)) continue;
      diagnostics.push(diagnostic);
    }
    for (const diagnostic of found) reported.add(diagnostic.path);
  };
  add(parsed.success ? [] : schemaDiagnostics(source, configFileSchema, data, parsed.error.issues));
  add(duplicateNames(source, data, 'monitors', 'monitor'));
  add(duplicateNames(source, data, 'integrations', 'integration'));

  const warnings: Diagnostic[] = [];
  const files: LoadedMonitorFiles[] = [];
  const monitors = valueAt(data, ['monitors']);
  for (const [index, entry] of (Array.isArray(monitors) ? monitors : []).entries()) {
    if (typeof entry !== 'object' || entry === null) continue;
    const record = entry as Record<string, unknown>;
    const fileProblems = { diagnostics: [] as Diagnostic[], warnings };
    files[index] = await loadMonitorFiles(source, index, record, fileProblems);
    add(fileProblems.diagnostics);
    add(scheduleDiagnostics(source, index, record.schedule));
  }
  if (diagnostics.length || !parsed.success) {
    return { diagnostics: sortDiagnostics(diagnostics), warnings: sortDiagnostics(warnings) };
  }

  const desired = toDesiredState(source, parsed.data, files);
  // A last check with the API's own schemas, so that whatever the API would refuse is found before any write.
  add(apiSchemaDiagnostics(source, desired));
  if (diagnostics.length) return { diagnostics: sortDiagnostics(diagnostics), warnings };
  return { desired, diagnostics: [], warnings: sortDiagnostics(warnings) };
}

/** {@link loadConfigFile} for callers that stop at a bad file: throws a ConfigFileError with every problem. */
export async function loadConfigFileOrThrow(
  file: string,
  options: LoadConfigOptions = {},
): Promise<{ desired: DesiredState; warnings: Diagnostic[] }> {
  const loaded = await loadConfigFile(file, options);
  if (!loaded.desired) throw new ConfigFileError(file, loaded.diagnostics);
  return { desired: loaded.desired, warnings: loaded.warnings };
}

/** Whether a problem at `path` (or inside it) was already reported; a value with a bad ${VAR} is reported once. */
function covered(reported: Set<string>, path: string): boolean {
  for (const done of reported) {
    if (path === done || path.startsWith(`${done}.`) || path.startsWith(`${done}[`)) return true;
  }
  return false;
}

function duplicateNames(source: YamlSource, data: unknown, list: string, what: string): Diagnostic[] {
  const entries = valueAt(data, [list]);
  if (!Array.isArray(entries)) return [];
  const firstLine = new Map<string, number>();
  const diagnostics: Diagnostic[] = [];
  entries.forEach((entry: unknown, index) => {
    const name = valueAt(entry, ['name']);
    if (typeof name !== 'string' || name.trim() === '') return;
    const path = [list, index, 'name'];
    const { line } = source.locate(path);
    const first = firstLine.get(name.trim());
    if (first === undefined) firstLine.set(name.trim(), line);
    else {
      diagnostics.push(
        source.diagnostic(path, `duplicate ${what} name "${name.trim()}" (lines ${first} and ${line})`),
      );
    }
  });
  return diagnostics;
}

/** Cron syntax, time zone and interval range: what the schema's shape cannot say. */
function scheduleDiagnostics(source: YamlSource, index: number, schedule: unknown): Diagnostic[] {
  if (typeof schedule !== 'object' || schedule === null) return [];
  try {
    parseSchedule(schedule, 'schedule');
    return [];
  } catch (error) {
    if (!(error instanceof PagewatchError)) throw error;
    return error.details.map((detail) =>
      source.diagnostic(['monitors', index, ...(detail.path ?? 'schedule').split('.')], detail.message),
    );
  }
}

function toDesiredState(source: YamlSource, config: ConfigFile, files: LoadedMonitorFiles[]): DesiredState {
  const monitors: DesiredMonitor[] = config.monitors.map((entry, index) =>
    toDesiredMonitor(source, entry, index, files[index] ?? {}),
  );
  const integrations: DesiredIntegration[] = config.integrations.map((entry, index) =>
    toDesiredIntegration(source, entry, index),
  );
  return { file: source.file, monitors, integrations };
}

function toDesiredMonitor(
  source: YamlSource,
  entry: MonitorEntry,
  index: number,
  files: LoadedMonitorFiles,
): DesiredMonitor {
  const path = ['monitors', index];
  return {
    name: entry.name,
    input: {
      name: entry.name,
      collection: files.collection ?? {},
      environment: files.environment ?? null,
      iterationData: files.iterationData ?? null,
      schedule: entry.schedule,
      options: entry.options ?? {},
      enabled: entry.enabled,
    },
    source: { path: formatSourcePath(path), ...source.locate([...path, 'name']) },
  };
}

function toDesiredIntegration(
  source: YamlSource,
  entry: IntegrationEntry,
  index: number,
): DesiredIntegration {
  const path = ['integrations', index];
  const common = { name: entry.name, ...(entry.policy ? { policy: entry.policy } : {}) };
  const input: DesiredIntegration['input'] =
    entry.type === 'pagerduty'
      ? {
          type: 'pagerduty',
          ...common,
          config: {
            integrationKey: entry.integrationKey,
            ...(entry.severity ? { severity: entry.severity } : {}),
            ...(entry.eventsUrl ? { eventsUrl: entry.eventsUrl } : {}),
            ...(entry.apiVersion ? { apiVersion: entry.apiVersion } : {}),
          },
        }
      : {
          type: 'webhook',
          ...common,
          config: { url: entry.url, ...(entry.secret ? { secret: entry.secret } : {}) },
        };
  return {
    name: entry.name,
    input,
    monitorNames: entry.monitors,
    monitorRefs: entry.monitors.map((name, refIndex) => ({
      name,
      source: {
        path: formatSourcePath([...path, 'monitors', refIndex]),
        ...source.locate([...path, 'monitors', refIndex]),
      },
    })),
    source: { path: formatSourcePath(path), ...source.locate([...path, 'name']) },
  };
}

/** Problems the API's input schemas find in the bodies apply will send (none, unless the two drift apart). */
function apiSchemaDiagnostics(source: YamlSource, desired: DesiredState): Diagnostic[] {
  const found: Diagnostic[] = [];
  const check = (schema: z.ZodType, body: unknown, toPath: (issuePath: PropertyKey[]) => SourcePath) => {
    const result = schema.safeParse(body);
    if (result.success) return;
    for (const issue of result.error.issues) {
      found.push(source.diagnostic(toPath(issue.path as PropertyKey[]), issue.message));
    }
  };
  desired.monitors.forEach((monitor, index) => {
    // The API refuses JSON nested deeper than MAX_JSON_DEPTH before its schemas see it (see validation.ts).
    const tooDeep = firstPathDeeperThan(monitor.input, MAX_JSON_DEPTH);
    if (tooDeep) {
      const [field, ...inside] = tooDeep;
      found.push(
        source.diagnostic(
          ['monitors', index, ...(field === undefined ? [] : [field])],
          `nested more than ${MAX_JSON_DEPTH} levels deep at ${formatZodPath(inside)}`,
        ),
      );
      return;
    }
    check(monitorInputSchema, monitor.input, (path) => ['monitors', index, ...path]);
  });
  desired.integrations.forEach((integration, index) =>
    check(integrationInputSchema, { ...integration.input, monitorIds: [] }, (path) => [
      'integrations',
      index,
      ...(path[0] === 'config' ? path.slice(1) : path),
    ]),
  );
  return found;
}
