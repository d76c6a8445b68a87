import { type InputHTMLAttributes, type Ref, useId } from 'react';

type TTextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> & {
  label: string;
  inputRef?: Ref<HTMLInputElement>;
};

export function TextField({ label, inputRef, className, ...inputProps }: TTextFieldProps) {
  const id = useId();
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        ref={inputRef}
        className={['input', className].filter(Boolean).join(' ')}
        {...inputProps}
      />
    </div>
  );
}
