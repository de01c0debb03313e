import { InvalidArgumentError } from 'commander';

/** Commander parser for a non-negative integer option (milliseconds, counts); names the flag on error. */
export function nonNegativeInteger(value: string): number {
  if (!/^\d+$/.test(value.trim()))
    throw new InvalidArgumentError(`expected a whole number ≥ 0, got "${value}".`);
  return Number(value);
}

/** Commander parser for a positive integer option. */
export function positiveInteger(value: string): number {
  const number = nonNegativeInteger(value);
  if (number === 0) throw new InvalidArgumentError('expected a whole number ≥ 1, got "0".');
  return number;
}

/** Commander parser for a comma-separated list. */
export function commaList(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}
