import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { fieldErrorsOf } from './field-errors';

const validationError = (details: Record<string, unknown>) =>
  new ApiError({ status: 400, code: 'VALIDATION_FAILED', message: 'The request is not valid.', details });

describe('fieldErrorsOf', () => {
  it("reads the server's per-field messages", () => {
    expect(fieldErrorsOf(validationError({ fields: { clientId: 'Enter the client ID.' } }))).toEqual({
      clientId: 'Enter the client ID.',
    });
  });

  it('has none for other errors or a body without fields', () => {
    expect(fieldErrorsOf(new Error('boom'))).toEqual({});
    expect(fieldErrorsOf(validationError({ issues: [] }))).toEqual({});
    expect(fieldErrorsOf(new ApiError({ status: 409, code: 'CONFLICT', message: 'x' }))).toEqual({});
    expect(fieldErrorsOf(validationError({ fields: { a: 1, b: 'B' } }))).toEqual({ b: 'B' });
  });
});
