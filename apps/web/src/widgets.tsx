export function Severity({ value }: { value: string }) {
  return <span className={`badge sev-${value.toLowerCase()}`}>{value}</span>;
}

export function Status({ value }: { value: string }) {
  return <span className={`badge status-${value.toLowerCase()}`}>{value.toLowerCase().replace('_', ' ')}</span>;
}

export function ErrorNote({ message }: { message: string }) {
  return (
    <div className="error" role="alert">
      {message}
    </div>
  );
}
