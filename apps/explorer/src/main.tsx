import { GraphiQL, HISTORY_PLUGIN } from 'graphiql';
import 'graphiql/style.css';
import { StrictMode, useEffect, useMemo, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import './explorer.css';
import { gatewayFetcher } from './fetcher';
import './monaco-workers';
import { readToken, saveToken } from './token';

const DEFAULT_QUERY = `# CompanyOS GraphQL explorer: paste an API token or your JWT above (kept in this tab only).
# Ctrl-Enter runs the operation; the docs are in the book icon on the left, your history below it.

query Whoami {
  whoami { name role }
}

# mutation DeclareIncident {
#   createIncident(input: { title: "Checkout errors", severity: SEV2, affectedServices: ["checkout"] }) {
#     id reference status
#   }
# }
`;

function Explorer() {
  const [token, setToken] = useState(readToken);
  const current = useRef(token);
  current.current = token;
  // The fetcher reads the field at each call; it is renewed once typing pauses, so GraphiQL fetches the schema
  // again with the new token (the docs and completion need it), not once per keystroke.
  const [settled, setSettled] = useState(token);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(token), 400);
    return () => clearTimeout(timer);
  }, [token]);
  const fetcher = useMemo(() => gatewayFetcher(() => current.current), [settled]);
  return (
    <div className="companyos-explorer">
      <header className="companyos-explorer__bar">
        <strong>CompanyOS</strong>
        <label htmlFor="companyos-token">API token or JWT</label>
        <input
          id="companyos-token"
          name="companyos-token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder="sent as Authorization: Bearer …; kept in this tab's session storage"
          value={token}
          onChange={(event) => {
            setToken(event.target.value);
            saveToken(event.target.value.trim());
          }}
        />
      </header>
      <main className="companyos-explorer__graphiql">
        <GraphiQL fetcher={fetcher} plugins={[HISTORY_PLUGIN]} defaultQuery={DEFAULT_QUERY} shouldPersistHeaders={false} />
      </main>
    </div>
  );
}

createRoot(document.getElementById('explorer')!).render(
  <StrictMode>
    <Explorer />
  </StrictMode>,
);
