// The panel's users: what a valid e-mail, name and password are. Every invalid field is named at
// once, so the form can mark them all.
import { invalidFields, type FieldError } from './errors';
import { LANGUAGES, type Language } from './program';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const PASSWORD_MIN = 10;
const PASSWORD_MAX = 200;

export interface AdminUserInput {
  email?: unknown;
  name?: unknown;
  password?: unknown;
  language?: unknown;
}

export interface ValidAdminUser {
  email?: string;
  name?: string;
  password?: string;
  language?: Language | null;
}

/** The password's problem, or null; `email` rules out the e-mail itself as the password. */
export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < PASSWORD_MIN) return `must have at least ${PASSWORD_MIN} characters`;
  if (password.length > PASSWORD_MAX) return `must have at most ${PASSWORD_MAX} characters`;
  if (email !== undefined && password.trim().toLowerCase() === email.toLowerCase()) return 'must not be the e-mail address';
  if (new Set(password).size < 4) return 'is too easy to guess';
  return null;
}

/** Errors: VALIDATION_FAILED with every invalid field. `required` names the fields that must be present. */
export function validateAdminUser(input: AdminUserInput, required: ReadonlyArray<keyof AdminUserInput> = []): ValidAdminUser {
  const errors: FieldError[] = [];
  const out: ValidAdminUser = {};
  for (const field of required) if (input[field] === undefined) errors.push({ field, message: 'is required' });
  if (input.email !== undefined) {
    const email = typeof input.email === 'string' ? input.email.trim().toLowerCase() : '';
    if (email.length > 254 || !EMAIL.test(email)) errors.push({ field: 'email', message: 'must be an e-mail address' });
    else out.email = email;
  }
  if (input.name !== undefined) {
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (name.length === 0 || name.length > 100) errors.push({ field: 'name', message: 'must be 1 to 100 characters' });
    else out.name = name;
  }
  if (input.password !== undefined) {
    const problem = typeof input.password === 'string' ? passwordProblem(input.password, out.email) : 'must be text';
    if (problem) errors.push({ field: 'password', message: problem });
    else out.password = input.password as string;
  }
  if (input.language !== undefined) {
    if (input.language === null) out.language = null;
    else if (LANGUAGES.includes(input.language as Language)) out.language = input.language as Language;
    else errors.push({ field: 'language', message: `must be one of ${LANGUAGES.join(', ')}` });
  }
  if (errors.length > 0) throw invalidFields(errors);
  return out;
}
