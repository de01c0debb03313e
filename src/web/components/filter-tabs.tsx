import { useRef, type KeyboardEvent } from 'react';

export interface FilterTab<V extends string> {
  value: V;
  label: string;
}

/**
 * A row of tabs that filter the list under them (ARIA tabs: arrow keys move between them, Home/End jump).
 * The list itself should be wrapped in an element with `role="tabpanel"` and `id={panelId}`.
 */
export function FilterTabs<V extends string>({
  tabs,
  value,
  onChange,
  label,
  panelId,
}: {
  tabs: readonly FilterTab<V>[];
  value: V;
  onChange: (value: V) => void;
  label: string;
  panelId: string;
}) {
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (event: KeyboardEvent, index: number): void => {
    const last = tabs.length - 1;
    const target =
      event.key === 'ArrowRight'
        ? index === last
          ? 0
          : index + 1
        : event.key === 'ArrowLeft'
          ? index === 0
            ? last
            : index - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : undefined;
    if (target === undefined) return;
    event.preventDefault();
    const tab = tabs[target];
    if (!tab) return;
    onChange(tab.value);
    buttons.current[target]?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {tabs.map((tab, index) => (
        <button
          key={tab.value}
          ref={(element) => {
            buttons.current[index] = element;
          }}
          type="button"
          role="tab"
          id={`${panelId}-tab-${tab.value}`}
          aria-selected={tab.value === value}
          aria-controls={panelId}
          tabIndex={tab.value === value ? 0 : -1}
          onClick={() => onChange(tab.value)}
          onKeyDown={(event) => onKeyDown(event, index)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}
