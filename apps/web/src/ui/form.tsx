import { useEffect, useRef, type InputHTMLAttributes, type ReactNode } from 'react';
import type { Problems } from './problems';

/** The GOV.UK error summary: at the top, focused when it appears, each message links to its field. */
export function ErrorSummary({ problems }: { problems: Problems }) {
  const box = useRef<HTMLDivElement>(null);
  const entries = Object.entries(problems.fields);
  const count = entries.length + problems.general.length;
  useEffect(() => {
    if (count) box.current?.focus();
  }, [problems, count]);
  if (!count) return null;
  return (
    <div className="error-summary" ref={box} tabIndex={-1} role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">There is a problem</h2>
      <ul>
        {problems.general.map((m) => (
          <li key={m}>{m}</li>
        ))}
        {entries.map(([field, message]) => (
          <li key={field}>
            <a
              href={`#${field}`}
              onClick={(e) => {
                e.preventDefault();
                document.getElementById(field)?.focus();
              }}
            >
              {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: ReactNode;
  bigLabel?: boolean;
}

function Field({ id, label, hint, error, children, bigLabel }: FieldProps) {
  return (
    <div className={`form-group${error ? ' form-group--error' : ''}`}>
      {bigLabel ? (
        <h1 className="label-wrapper" style={{ fontSize: 'inherit', margin: 0 }}>
          <label className="label" htmlFor={id} style={{ fontSize: '2rem' }}>
            {label}
          </label>
        </h1>
      ) : (
        <label className="label" htmlFor={id}>
          {label}
        </label>
      )}
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="error-message" id={`${id}-error`}>
          <span className="visually-hidden">Error:</span> {error}
        </p>
      )}
      {children}
    </div>
  );
}

const describedBy = (id: string, hint?: string, error?: string) => [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;

type TextProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> & {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onChange: (value: string) => void;
  short?: boolean;
};

export function TextInput({ id, label, hint, error, value, onChange, short, ...rest }: TextProps) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <input
        {...rest}
        id={id}
        name={id}
        className={`input${short ? ' input--short' : ''}${error ? ' input--error' : ''}`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
      />
    </Field>
  );
}

export function TextArea({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  rows = 5,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onChange: (v: string) => void;
  rows?: number;
}) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <textarea
        id={id}
        name={id}
        rows={rows}
        className={`textarea${error ? ' textarea--error' : ''}`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
      />
    </Field>
  );
}

export function Select({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  options,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onChange: (v: string) => void;
  options: [string, string][];
}) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <select
        id={id}
        name={id}
        className={`select${error ? ' select--error' : ''}`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={describedBy(id, hint, error)}
      >
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** Radios: the first input carries the field id, so the error summary's link lands on it. */
export function Radios({
  id,
  legend,
  hint,
  error,
  value,
  onChange,
  options,
  bigLegend,
}: {
  id: string;
  legend: string;
  hint?: string;
  error?: string;
  value: string;
  onChange: (v: string) => void;
  options: [string, string][];
  bigLegend?: boolean;
}) {
  return (
    <div className={`form-group${error ? ' form-group--error' : ''}`}>
      <fieldset aria-describedby={describedBy(id, hint, error)}>
        <legend style={bigLegend ? { fontSize: '1.5rem' } : undefined}>{legend}</legend>
        {hint && (
          <p className="hint" id={`${id}-hint`}>
            {hint}
          </p>
        )}
        {error && (
          <p className="error-message" id={`${id}-error`}>
            <span className="visually-hidden">Error:</span> {error}
          </p>
        )}
        {options.map(([v, text], i) => (
          <div className="radios__item" key={v}>
            <input type="radio" id={i === 0 ? id : `${id}-${v}`} name={id} value={v} checked={value === v} onChange={() => onChange(v)} />
            <label htmlFor={i === 0 ? id : `${id}-${v}`}>{text}</label>
          </div>
        ))}
      </fieldset>
    </div>
  );
}

export function Checkbox({
  id,
  label,
  checked,
  onChange,
  hint,
}: {
  id: string;
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  hint?: string;
}) {
  return (
    <div className="form-group">
      <div className="checkboxes__item">
        <input
          type="checkbox"
          id={id}
          name={id}
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
          aria-describedby={hint ? `${id}-hint` : undefined}
        />
        <label htmlFor={id}>
          {label}
          {hint && (
            <span className="hint" id={`${id}-hint`} style={{ display: 'block' }}>
              {hint}
            </span>
          )}
        </label>
      </div>
    </div>
  );
}

export function Button({
  children,
  variant,
  busy,
  ...rest
}: { children: ReactNode; variant?: 'secondary' | 'warning'; busy?: boolean } & InputHTMLAttributes<HTMLButtonElement>) {
  return (
    <button
      {...(rest as object)}
      type={(rest.type as 'submit' | 'button') ?? 'submit'}
      className={`button${variant ? ` button--${variant}` : ''}`}
      disabled={busy || rest.disabled}
      aria-disabled={busy || undefined}
    >
      {children}
    </button>
  );
}
