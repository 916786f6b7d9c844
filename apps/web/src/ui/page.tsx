import { useEffect, useRef, type ReactNode } from 'react';
import { Link } from '../router';

/** A page: sets the window title, moves focus to the heading after navigation (for screen readers). */
export function Page({
  title,
  caption,
  back,
  children,
  error,
}: {
  title: string;
  caption?: string;
  back?: { href: string; label?: string };
  children?: ReactNode;
  error?: boolean;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${error ? 'Error: ' : ''}${title} – Backr`;
  }, [title, error]);
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
  }, []);
  return (
    <>
      {back && (
        <Link className="back-link" href={back.href}>
          {back.label ?? 'Back'}
        </Link>
      )}
      {caption && <span className="caption">{caption}</span>}
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </>
  );
}

export function Loading({ what = 'page' }: { what?: string }) {
  return (
    <p role="status" aria-live="polite">
      Loading the {what}…
    </p>
  );
}

export function Notice({ title, children, success }: { title: string; children?: ReactNode; success?: boolean }) {
  return (
    <div className={`notification${success ? ' notification--success' : ''}`} role={success ? 'alert' : 'region'} aria-label={title}>
      <p className="notification__title">{title}</p>
      {children && <div className="notification__body">{children}</div>}
    </div>
  );
}

export function Tag({ children, colour }: { children: ReactNode; colour?: 'grey' | 'blue' | 'yellow' | 'red' }) {
  return <strong className={`tag${colour ? ` tag--${colour}` : ''}`}>{children}</strong>;
}

export function SummaryList({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="summary-list">
      {rows.map(([k, v]) => (
        <div className="summary-list__row" key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Meter({ value, max, label }: { value: number; max: number; label: string }) {
  const pct = max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 0;
  return (
    <div className="meter" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={max} aria-valuenow={value}>
      <span style={{ width: `${pct}%` }} />
    </div>
  );
}
