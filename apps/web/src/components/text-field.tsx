import { type InputHTMLAttributes, type Ref, useId } from 'react';

type TTextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> & {
  label: string;
  inputRef?: Ref<HTMLInputElement>;
  /** A message about this field's value (e.g. from a failed save): marks the field and sits under it. */
  error?: string | undefined;
};

export function TextField({ label, inputRef, className, error, ...inputProps }: TTextFieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        ref={inputRef}
        className={['input', className].filter(Boolean).join(' ')}
        {...(error ? { 'aria-invalid': true, 'aria-describedby': errorId } : {})}
        {...inputProps}
      />
      {error ? (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
