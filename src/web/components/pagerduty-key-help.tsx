/** Where a PagerDuty Integration Key comes from, step by step; open when adding, folded when editing. */
export function PagerDutyKeyHelp({ open }: { open: boolean }) {
  return (
    <details className="help" open={open}>
      <summary>Where do I find the Integration Key?</summary>
      <ol>
        <li>
          In PagerDuty, open <strong>Services</strong> and choose the service that should be paged.
        </li>
        <li>
          Open its <strong>Integrations</strong> tab and choose <strong>Add integration</strong> (or{' '}
          <em>Add an integration</em>).
        </li>
        <li>
          Pick <strong>Events API v2</strong> (or <strong>Postman</strong>) and add it.
        </li>
        <li>
          Copy the <strong>Integration Key</strong> it shows: 32 letters and digits.
        </li>
      </ol>
      <p className="muted small">
        No PagerDuty account? Run <code>pagewatch sandbox</code> and put its URL in Advanced → Events URL.
      </p>
    </details>
  );
}
