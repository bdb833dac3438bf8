// The page every e-mail links to: a member stops the program's e-mails without logging in. The
// link is signed (src/app/email/unsubscribe.ts). GET shows a confirmation button, so a mail
// scanner that follows links unsubscribes nobody; POST unsubscribes — also as RFC 8058's one-click
// `List-Unsubscribe=One-Click` POST that mail clients send from the List-Unsubscribe header.
import { Type } from 'typebox';
import { readUnsubscribeToken, unsubscribe } from '../../app/email/unsubscribe';
import { escapeHtml } from '../../domain/email/format';
import type { Language } from '../../domain/program';
import { DomainError } from '../../domain/errors';
import type { AppDeps } from '../app';
import type { Router } from '../router';

const TEXT: Record<Language, { title: string; ask: (program: string) => string; button: string; done: (program: string) => string; invalid: string }> = {
  'pt-BR': {
    title: 'Cancelar e-mails',
    ask: (program) => `Deseja deixar de receber os e-mails de ${program}? Seus pontos continuam valendo.`,
    button: 'Não quero mais receber e-mails',
    done: (program) => `Pronto: você não receberá mais e-mails de ${program}. Seus pontos continuam valendo.`,
    invalid: 'Este link de cancelamento não é válido.',
  },
  en: {
    title: 'Unsubscribe',
    ask: (program) => `Stop receiving e-mails from ${program}? Your points stay yours.`,
    button: 'Unsubscribe me',
    done: (program) => `Done: you will not receive more e-mails from ${program}. Your points stay yours.`,
    invalid: 'This unsubscribe link is not valid.',
  },
  es: {
    title: 'Cancelar correos',
    ask: (program) => `¿Quieres dejar de recibir los correos de ${program}? Tus puntos siguen siendo tuyos.`,
    button: 'No quiero recibir más correos',
    done: (program) => `Listo: no recibirás más correos de ${program}. Tus puntos siguen siendo tuyos.`,
    invalid: 'Este enlace para cancelar no es válido.',
  },
};

function page(language: Language, title: string, body: string): string {
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(title)}</title></head><body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5">` +
    `<h1 style="font-size: 1.4rem">${escapeHtml(title)}</h1>${body}</body></html>`;
}

const Params = Type.Object({ token: Type.String({ maxLength: 400 }) });

export async function registerUnsubscribe(app: Router, deps: AppDeps) {
  await app.register(async (scope) => {
    // The one-click POST is a form; its body says nothing we need.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_request, _body, done) => done(null, {}));
    const programOf = async (token: string) => {
      const named = readUnsubscribeToken(deps, token);
      const program = named ? await deps.tenants.get(named.tenantId) : null;
      return { named, program, language: program?.language ?? 'pt-BR' };
    };
    const html = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };

    scope.get('/unsubscribe/:token', { schema: { hide: true, params: Params } }, async (request, reply) => {
      const { token } = request.params as { token: string };
      const { named, program, language } = await programOf(token);
      const text = TEXT[language];
      if (!named || !program) return reply.status(404).headers(html).send(page(language, text.title, `<p>${escapeHtml(text.invalid)}</p>`));
      const form = `<p>${escapeHtml(text.ask(program.name))}</p><form method="post"><button type="submit" style="padding: .6rem 1rem; font-size: 1rem">` +
        `${escapeHtml(text.button)}</button></form>`;
      return reply.headers(html).send(page(language, text.title, form));
    });

    scope.post('/unsubscribe/:token', { schema: { hide: true, params: Params } }, async (request, reply) => {
      const { token } = request.params as { token: string };
      const { program, language } = await programOf(token);
      const text = TEXT[language];
      try {
        await unsubscribe(deps, token);
      } catch (error) {
        if (error instanceof DomainError && error.code === 'NOT_FOUND') {
          return reply.status(404).headers(html).send(page(language, text.title, `<p>${escapeHtml(text.invalid)}</p>`));
        }
        throw error;
      }
      return reply.headers(html).send(page(language, text.title, `<p>${escapeHtml(text.done(program?.name ?? ''))}</p>`));
    });
  });
}
