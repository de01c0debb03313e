/** How a status looks: an icon and a word as well as a colour, so it never depends on colour alone. */
type Tone = 'good' | 'bad' | 'warn' | 'info' | 'muted';

const LOOKS: Record<string, { label: string; icon: string; tone: Tone }> = {
  // monitors
  up: { label: 'Up', icon: '✓', tone: 'good' },
  down: { label: 'Down', icon: '✗', tone: 'bad' },
  unknown: { label: 'No runs yet', icon: '?', tone: 'muted' },
  paused: { label: 'Paused', icon: '⏸', tone: 'muted' },
  // runs
  success: { label: 'Passed', icon: '✓', tone: 'good' },
  failure: { label: 'Failed', icon: '✗', tone: 'bad' },
  error: { label: 'Error', icon: '⚠', tone: 'bad' },
  abort: { label: 'Aborted', icon: '⊘', tone: 'bad' },
  queued: { label: 'Queued', icon: '…', tone: 'info' },
  running: { label: 'Running', icon: '↻', tone: 'info' },
  overlap: { label: 'Skipped (overlap)', icon: '↷', tone: 'muted' },
  // incidents and sandbox alerts
  triggered: { label: 'Triggered', icon: '!', tone: 'bad' },
  acknowledged: { label: 'Acknowledged', icon: '◐', tone: 'warn' },
  resolved: { label: 'Resolved', icon: '✓', tone: 'good' },
  // deliveries
  pending: { label: 'Pending', icon: '…', tone: 'warn' },
  sent: { label: 'Sent', icon: '✓', tone: 'good' },
  failed: { label: 'Failed', icon: '✗', tone: 'bad' },
};

export interface StatusBadgeProps {
  status: string;
  /** Replaces the standard word, e.g. "Retrying (3 attempts)". */
  label?: string;
}

/** A status as a small pill: icon + word, coloured by meaning. */
export function StatusBadge({ status, label }: StatusBadgeProps) {
  const look = LOOKS[status] ?? { label: status, icon: '•', tone: 'muted' as const };
  return (
    <span className={`badge badge-${look.tone}`} data-status={status}>
      <span className="badge-icon" aria-hidden="true">
        {look.icon}
      </span>
      {label ?? look.label}
    </span>
  );
}
