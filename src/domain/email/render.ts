// Renders one message for one member: the data formatted in the program's language and zone,
// written with that language's texts, laid out as HTML and plain text.
import type { Block } from './blocks';
import { createFormatter, oneLine, safeColor, safeUrl, type Formatter } from './format';
import { renderHtml, renderText } from './layout';
import { EMAIL_TEXTS, type CommonVars, type EmailTexts, type EmailVars, type MessageText } from './texts';
import type { EmailBrand, EmailDataOf, EmailData, EmailLinks, EmailRecipient, EmailType, RenderedEmail } from './types';

const nonBlank = (value: string) => (value.trim() === '' ? null : value.trim());

const VARS: { [T in EmailType]: (data: EmailDataOf<T>, f: Formatter) => EmailVars[T] } = {
  welcome: (d, f) => ({ balance: f.points(d.balance) }),
  points_pending: (d, f) => ({ points: f.points(d.points), availableOn: f.date(d.availableOn), orderId: d.orderId }),
  points_available: (d, f) => ({ points: f.points(d.points), balance: f.points(d.balance) }),
  reward_within_reach: (d, f) => ({ rewardName: d.rewardName, cost: f.points(d.cost), balance: f.points(d.balance) }),
  redemption_pending_approval: (d, f) => ({ rewardName: d.rewardName, cost: f.points(d.cost) }),
  redemption_approved: (d) => ({ rewardName: d.rewardName }),
  redemption_rejected: (d, f) => ({ rewardName: d.rewardName, reason: nonBlank(d.reason), pointsReturned: f.points(d.pointsReturned) }),
  redemption_issued: (d, f) => ({
    rewardName: d.rewardName,
    couponCode: d.couponCode,
    expiresAt: f.date(d.expiresAt),
    instructions: nonBlank(d.instructions),
  }),
  points_expiring: (d, f) => ({ points: f.points(d.points), expiresOn: f.date(d.expiresOn), balance: f.points(d.balance) }),
  login_code: (d, f) => ({ code: d.code, minutes: f.number(d.minutes) }),
};

function messageText<T extends EmailType>(texts: EmailTexts, data: EmailDataOf<T>, f: Formatter, common: CommonVars): MessageText {
  const type: T = data.type;
  return texts.messages[type]({ ...VARS[type](data, f), ...common });
}

/**
 * Throws a RangeError, rather than send a broken message, when a points value is not a safe integer,
 * a date is invalid, the time zone is unknown or the unsubscribe URL is not http(s).
 */
export function renderEmail(brand: EmailBrand, recipient: EmailRecipient, data: EmailData, links: EmailLinks): RenderedEmail {
  const unsubscribeUrl = safeUrl(links.unsubscribeUrl);
  if (unsubscribeUrl === null) throw new RangeError('e-mail: the unsubscribe URL must be an http(s) URL');
  const texts = EMAIL_TEXTS[brand.language];
  const f = createFormatter(brand);
  const storeUrl = safeUrl(brand.storeUrl);
  const program = oneLine(brand.programName);
  const message = messageText(texts, data, f, { program, pointsPlural: f.pointsPlural, storeUrl });
  const subject = oneLine(message.subject);
  const layout = {
    language: brand.language,
    subject,
    programName: program,
    color: safeColor(brand.color),
    logoUrl: safeUrl(brand.logoUrl, ['https:']),
    storeUrl,
    greeting: texts.greeting(recipient.firstName === null ? null : nonBlank(oneLine(recipient.firstName))),
    heading: message.heading,
    blocks: message.blocks.filter((block): block is Block => block !== null),
    footer: texts.footer({ program, email: recipient.email }),
    unsubscribeLabel: texts.unsubscribe,
    unsubscribeUrl,
  };
  return { subject, html: renderHtml(layout), text: renderText(layout) };
}
