// What the store's staff may read of an e-mail Pontua sent a shopper (the admin API's e-mail list,
// detail and preview). Everything, except the code of a sign-in e-mail: with it, anyone who can
// read the panel could sign in to the storefront as that shopper and spend their points.
import type { Email } from './ports';

const HIDDEN = '••••••';

// The six digits of a sign-in code wherever they stand alone: not inside a longer number or word,
// and not a colour (#123456) in the HTML.
const CODE = /(?<![#\w])\d{6}(?!\w)/g;

export function merchantView(email: Email): Email {
  if (email.type !== 'login_code') return email;
  const hide = (text: string) => text.replace(CODE, HIDDEN);
  return { ...email, subject: hide(email.subject), html: hide(email.html), text: hide(email.text) };
}
