/**
 * Input validation with the shared schemas. A failed parse becomes a
 * ValidationError whose issues carry i18n keys by field path, so a form can
 * show each message next to its field and nothing typed is lost.
 */
import type { z } from 'zod';

export interface FieldIssue {
  path: string;
  messageKey: string;
}

export class ValidationError extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super(issues.map((issue) => `${issue.path}: ${issue.messageKey}`).join('; '));
    this.name = 'ValidationError';
  }
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(result.error.issues.map(toFieldIssue));
}

/** Field errors for a form, keyed by path ("headName", "consent.givenBy"); empty when valid. */
export function fieldErrors(schema: z.ZodType, input: unknown): Record<string, string> {
  const result = schema.safeParse(input);
  if (result.success) return {};
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues.map(toFieldIssue)) errors[issue.path] ??= issue.messageKey;
  return errors;
}

function toFieldIssue(issue: z.core.$ZodIssue): FieldIssue {
  const messageKey = issue.message.startsWith('errors.') ? issue.message : 'errors.invalidValue';
  return { path: issue.path.join('.'), messageKey };
}
