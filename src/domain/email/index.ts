// The member e-mails as a pure rendering module: data in, subject + HTML + plain text out.
export { EMAIL_TYPES } from './types';
export type { EmailBrand, EmailData, EmailDataOf, EmailLinks, EmailRecipient, EmailType, RenderedEmail } from './types';
export { renderEmail } from './render';
export { EMAIL_TEXTS } from './texts';
export type { EmailTexts, EmailVars, MessageText } from './texts';
