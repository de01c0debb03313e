/** A PagerDuty Integration Key (Events API v2 routing key): exactly 32 letters or digits. */
export const INTEGRATION_KEY_LENGTH = 32;
const KEY_PATTERN = /^[A-Za-z0-9]+$/;

/** Read back from the API, keys are masked ("••••…1a2b"); sending the mask back keeps the stored key. */
export function isMaskedKey(key: string): boolean {
  return key.startsWith('•');
}

/** A sentence saying what is wrong with `key`, or null when it has the right form. */
export function integrationKeyProblem(key: string): string | null {
  if (isMaskedKey(key)) return null;
  if (key.length === 0) return 'Enter the Integration Key from PagerDuty (32 letters and digits).';
  const problems: string[] = [];
  if (key.trim() !== key) problems.push('it has spaces at the start or end');
  else if (!KEY_PATTERN.test(key)) problems.push('it contains characters other than letters and digits');
  if (key.length !== INTEGRATION_KEY_LENGTH) problems.push(`it has ${key.length} characters`);
  if (problems.length === 0) return null;
  return `An Integration Key is exactly ${INTEGRATION_KEY_LENGTH} letters or digits; ${problems.join(' and ')}.`;
}
