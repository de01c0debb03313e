import { Link } from 'react-router-dom';
import { useDocumentTitle } from '../hooks/use-document-title';

export function NotFoundPage() {
  useDocumentTitle('Not found');
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        There is no page here. Go to the <Link to="/monitors">monitors</Link>.
      </p>
    </section>
  );
}
